import { describe, expect, it } from 'vitest';
import { listPage, type ListOptions } from './listing.ts';
import type { ObjectRecord } from './types.ts';

const names = ['a', 'a-b', 'a/1', 'a/2', 'a/x/3', 'b/1', 'c'].sort((x, y) =>
  Buffer.compare(Buffer.from(x), Buffer.from(y)),
);
const lookup = (name: string) => ({ name }) as ObjectRecord;

function all(options: ListOptions) {
  const items: string[] = [];
  const prefixes: string[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const page = listPage(names, lookup, { ...options, ...(pageToken ? { pageToken } : {}) });
    items.push(...page.items.map((i) => i.name));
    prefixes.push(...page.prefixes);
    pageToken = page.nextPageToken;
    pages++;
  } while (pageToken);
  return { items, prefixes, pages };
}

describe('listPage', () => {
  it('groups by delimiter below the prefix', () => {
    expect(all({ delimiter: '/' })).toEqual({
      items: ['a', 'a-b', 'c'],
      prefixes: ['a/', 'b/'],
      pages: 1,
    });
    expect(all({ prefix: 'a/', delimiter: '/' })).toEqual({
      items: ['a/1', 'a/2'],
      prefixes: ['a/x/'],
      pages: 1,
    });
  });

  it('pages through items and prefixes one at a time without repeats', () => {
    expect(all({ delimiter: '/', maxResults: 1 })).toEqual({
      items: ['a', 'a-b', 'c'],
      prefixes: ['a/', 'b/'],
      pages: 5,
    });
    expect(all({ prefix: 'a', maxResults: 2 }).items).toEqual(['a', 'a-b', 'a/1', 'a/2', 'a/x/3']);
  });
});

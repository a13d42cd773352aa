import { invalid } from './errors.ts';
import type { ObjectRecord } from './types.ts';

export interface ListOptions {
  prefix?: string;
  delimiter?: string;
  pageToken?: string;
  maxResults?: number;
}

export interface ListPage {
  items: ObjectRecord[];
  prefixes: string[];
  nextPageToken?: string;
}

export const DEFAULT_MAX_RESULTS = 1000;

/** The listing a request's query asks for: `prefix`, `delimiter`, `pageToken`, `maxResults`. */
export function listOptionsOf(query: URLSearchParams): ListOptions {
  const pageToken = query.get('pageToken');
  const maxResults = query.get('maxResults');
  return {
    prefix: query.get('prefix') ?? '',
    delimiter: query.get('delimiter') ?? '',
    ...(pageToken ? { pageToken } : {}),
    ...(maxResults ? { maxResults: Number(maxResults) } : {}),
  };
}

/**
 * One page of a listing over names sorted by their UTF-8 bytes. With a delimiter, every name
 * maps to a key: itself, or its prefix up to and including the first delimiter after `prefix`.
 * Keys never decrease along the sorted names, so the page token is just the last key returned
 * and the next page starts after it. Items and prefixes both count towards maxResults, as in
 * production.
 */
export function listPage(
  sortedNames: readonly string[],
  lookup: (name: string) => ObjectRecord | undefined,
  options: ListOptions,
): ListPage {
  const prefix = options.prefix ?? '';
  const delimiter = options.delimiter ?? '';
  const max = options.maxResults ?? DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(max) || max < 1) throw invalid(`Invalid maxResults: ${max}`);
  const after = options.pageToken ? decodeToken(options.pageToken) : undefined;

  const page: ListPage = { items: [], prefixes: [] };
  let lastKey: string | undefined;
  let count = 0;
  for (const name of sortedNames.slice(firstIndexAtOrAfter(sortedNames, prefix))) {
    if (!name.startsWith(prefix)) break;
    const key = keyOf(name, prefix, delimiter);
    if (after !== undefined && compareBytes(key, after) <= 0) continue;
    if (key === lastKey) continue;
    if (count === max) {
      if (lastKey !== undefined) page.nextPageToken = encodeToken(lastKey);
      break;
    }
    lastKey = key;
    count++;
    if (key === name) {
      const record = lookup(name);
      if (record) page.items.push(record);
    } else {
      page.prefixes.push(key);
    }
  }
  return page;
}

function keyOf(name: string, prefix: string, delimiter: string): string {
  if (!delimiter) return name;
  const at = name.indexOf(delimiter, prefix.length);
  return at < 0 ? name : name.slice(0, at + delimiter.length);
}

function firstIndexAtOrAfter(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(sorted[mid] ?? '', value) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function encodeToken(key: string): string {
  return Buffer.from(key).toString('base64url');
}

function decodeToken(token: string): string {
  return Buffer.from(token, 'base64url').toString('utf8');
}

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressReporter, renderBar } from './progress.ts';

describe('the maintenance progress bar', () => {
  const tasks = ['a', 'b', 'c', 'd'];

  it('fills in proportion to the tasks already done', () => {
    expect(renderBar(tasks, 'a', { deleted: 0, fixed: 0 }, false)).toBe(
      '[------------------------] 1/4 a: 0 deleted, 0 fixed',
    );
    expect(renderBar(tasks, 'c', { deleted: 1500, fixed: 2 }, false)).toBe(
      '[############------------] 3/4 c: 1500 deleted, 2 fixed',
    );
  });

  it('says "would delete" in a dry run, which changes nothing', () => {
    expect(renderBar(tasks, 'b', { deleted: 3, fixed: 1 }, true)).toBe(
      '[######------------------] 2/4 b: would delete 3, would fix 1',
    );
  });
});

describe('the maintenance progress lines off a terminal', () => {
  function capture(): { out: NodeJS.WriteStream; text: () => string } {
    let text = '';
    const out = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        text += chunk.toString();
        callback();
      },
    }) as unknown as NodeJS.WriteStream;
    return { out, text: () => text };
  }

  it('print nothing for a task done in one page, or whose later pages change nothing', () => {
    const { out, text } = capture();
    const progress = progressReporter(['a', 'b'], true, out);
    progress.page('a', { deleted: 0, fixed: 0 });
    progress.page('b', { deleted: 2, fixed: 0 });
    progress.page('b', { deleted: 2, fixed: 0 });
    progress.done();
    expect(text()).toBe('');
  });

  it('print the running counts of a later page that changed them', () => {
    const { out, text } = capture();
    const progress = progressReporter(['a'], true, out);
    progress.page('a', { deleted: 500, fixed: 0 });
    progress.page('a', { deleted: 1000, fixed: 0 });
    progress.page('a', { deleted: 1000, fixed: 0 });
    expect(text()).toBe('  a, page 2: would delete 1000, would fix 0 so far\n');
  });
});

import { describe, expect, it } from 'vitest';
import { renderBar } from './progress.ts';

describe('the maintenance progress bar', () => {
  const tasks = ['a', 'b', 'c', 'd'];

  it('fills in proportion to the tasks already done', () => {
    expect(renderBar(tasks, 'a', { deleted: 0, fixed: 0 })).toBe(
      '[------------------------] 1/4 a: 0 deleted, 0 fixed',
    );
    expect(renderBar(tasks, 'c', { deleted: 1500, fixed: 2 })).toBe(
      '[############------------] 3/4 c: 1500 deleted, 2 fixed',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_BATCH_WRITES, batchesOf } from './batches.ts';

describe('batchesOf', () => {
  it('makes no batch of nothing', () => {
    expect(batchesOf([])).toEqual([]);
  });

  it('keeps every item, in order, in batches of at most MAX_BATCH_WRITES', () => {
    const items = Array.from({ length: 2 * MAX_BATCH_WRITES + 1 }, (_, i) => i);
    const batches = batchesOf(items);
    expect(batches.map((batch) => batch.length)).toEqual([MAX_BATCH_WRITES, MAX_BATCH_WRITES, 1]);
    expect(batches.flat()).toEqual(items);
  });

  it('fills exactly one batch at the limit', () => {
    expect(batchesOf(Array.from({ length: MAX_BATCH_WRITES }, () => 'x'))).toHaveLength(1);
  });
});

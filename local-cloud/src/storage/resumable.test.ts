import { describe, expect, it } from 'vitest';
import { parseContentRange } from './resumable.ts';

describe('parseContentRange', () => {
  it('reads every form @google-cloud/storage sends', () => {
    expect(parseContentRange('bytes */*')).toEqual({ kind: 'status' });
    expect(parseContentRange('bytes */10')).toEqual({ kind: 'status', total: 10 });
    expect(parseContentRange('bytes 0-4/10')).toEqual({
      kind: 'data',
      start: 0,
      end: 4,
      total: 10,
    });
    expect(parseContentRange('bytes 5-9/*')).toEqual({ kind: 'data', start: 5, end: 9 });
    expect(parseContentRange('bytes 0-*/*')).toEqual({ kind: 'data', start: 0 });
    expect(parseContentRange(undefined)).toBeUndefined();
  });

  it('rejects anything else', () => {
    expect(() => parseContentRange('items 0-4/10')).toThrow(/Content-Range/);
  });
});

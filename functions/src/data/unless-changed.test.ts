import { describe, expect, it } from 'vitest';
import { changedSinceRead, retryWrite } from './unless-changed.ts';

describe('writes that skip a changed document', () => {
  it('recognises FAILED_PRECONDITION (gRPC 9) and nothing else as a change', () => {
    expect(changedSinceRead({ code: 9 })).toBe(true);
    for (const error of [
      { code: 10 },
      { code: 'failed-precondition' },
      new Error('x'),
      null,
      undefined,
    ]) {
      expect(changedSinceRead(error)).toBe(false);
    }
  });

  it('never retries a changed document, and retries other failures up to three attempts', () => {
    expect(retryWrite({ code: 9, failedAttempts: 1 })).toBe(false);
    expect(retryWrite({ code: 14, failedAttempts: 1 })).toBe(true);
    expect(retryWrite({ code: 14, failedAttempts: 2 })).toBe(true);
    expect(retryWrite({ code: 14, failedAttempts: 3 })).toBe(false);
  });
});

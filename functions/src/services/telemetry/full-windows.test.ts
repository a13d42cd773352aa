import { describe, expect, it } from 'vitest';
import { rememberRefusal, standingRefusal } from './full-windows.ts';
import { WindowFullError } from './request-window.ts';

const T0 = new Date('2026-12-07T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('full windows remembered by an instance', () => {
  it('refuses again until the window ends, with the seconds left', () => {
    rememberRefusal('dev-a', new WindowFullError('Too many.', at(40_000), T0));
    expect(standingRefusal('dev-a', at(10_000))).toMatchObject({
      code: 'resource-exhausted',
      message: 'Too many.',
      details: { retryAfterSeconds: 30 },
    });
    expect(standingRefusal('dev-b', at(10_000))).toBeUndefined();
    expect(standingRefusal('dev-a', at(40_000))).toBeUndefined();
    expect(standingRefusal('dev-a', at(10_000))).toBeUndefined();
  });

  it('remembers full windows only, not other refusals', () => {
    rememberRefusal('dev-c', new Error('the hour is full'));
    expect(standingRefusal('dev-c', T0)).toBeUndefined();
  });
});

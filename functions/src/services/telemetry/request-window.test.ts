import { describe, expect, it } from 'vitest';
import { countRequest } from './request-window.ts';

const T0 = new Date('2026-12-07T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('countRequest', () => {
  it('opens a window, counts to the limit, then refuses until the minute is over', () => {
    let window = countRequest(undefined, { perMinute: 3 }, T0);
    expect(window).toEqual({ start: T0, count: 1 });
    window = countRequest(window, { perMinute: 3 }, at(1_000));
    window = countRequest(window, { perMinute: 3 }, at(2_000));
    expect(window.count).toBe(3);
    expect(() => countRequest(window, { perMinute: 3 }, at(45_000))).toThrow(
      expect.objectContaining({ code: 'resource-exhausted', details: { retryAfterSeconds: 15 } }),
    );
    expect(countRequest(window, { perMinute: 3 }, at(60_000))).toEqual({
      start: at(60_000),
      count: 1,
    });
  });

  it('a window from the future (a clock step back) starts over', () => {
    expect(countRequest({ start: at(30_000), count: 99 }, { perMinute: 3 }, T0)).toEqual({
      start: T0,
      count: 1,
    });
  });
});

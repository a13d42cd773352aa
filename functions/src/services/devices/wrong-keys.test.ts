import { describe, expect, it } from 'vitest';
import { recentlyWrongKey, rememberWrongKey } from './wrong-keys.ts';

const T0 = new Date('2026-12-07T10:00:00Z');

describe('wrong keys remembered by an instance', () => {
  it('refuses the same wrong key for a minute, never another key or device', () => {
    rememberWrongKey('dev-a', 'wrong-key', T0);
    expect(recentlyWrongKey('dev-a', 'wrong-key', new Date(T0.getTime() + 59_000))).toBe(true);
    expect(recentlyWrongKey('dev-a', 'right-key', T0)).toBe(false);
    expect(recentlyWrongKey('dev-b', 'wrong-key', T0)).toBe(false);
    expect(recentlyWrongKey('dev-a', 'wrong-key', new Date(T0.getTime() + 60_000))).toBe(false);
  });

  it('keeps at most 10,000, forgetting the oldest first', () => {
    for (let i = 0; i <= 10_000; i += 1) rememberWrongKey(`dev-${String(i)}`, 'k', T0);
    expect(recentlyWrongKey('dev-0', 'k', T0)).toBe(false);
    expect(recentlyWrongKey('dev-1', 'k', T0)).toBe(true);
    expect(recentlyWrongKey('dev-10000', 'k', T0)).toBe(true);
  });
});

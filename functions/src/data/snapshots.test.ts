import { describe, expect, it } from 'vitest';
import { Timestamp } from 'firebase-admin/firestore';
import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { RateLimitCounterSchema } from '@gadget/shared';
import { snapshotAs } from './snapshots.ts';

function snapshot(data: Record<string, unknown> | undefined): DocumentSnapshot {
  return { exists: data !== undefined, data: () => data } as unknown as DocumentSnapshot;
}

describe('snapshotAs', () => {
  const start = new Date('2026-01-01T00:00:00Z');
  const at = Timestamp.fromDate(start);

  it('reads a fitting document as its schema’s type, Timestamps as Dates', () => {
    expect(
      snapshotAs(RateLimitCounterSchema, snapshot({ count: 2, windowStart: at, expireAt: at })),
    ).toEqual({ count: 2, windowStart: start, expireAt: start });
  });

  it('is undefined for a missing document and for one that does not fit, without throwing', () => {
    expect(snapshotAs(RateLimitCounterSchema, undefined)).toBeUndefined();
    expect(snapshotAs(RateLimitCounterSchema, snapshot(undefined))).toBeUndefined();
    expect(snapshotAs(RateLimitCounterSchema, snapshot({ count: 'two', windowStart: at }))).toBe(
      undefined,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { Timestamp } from 'firebase-admin/firestore';
import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { RateLimitCounterSchema, SerialLockSchema } from '@gadget/shared';
import { fieldwiseConverter, schemaConverter } from './converter.ts';

function snapshot(data: Record<string, unknown>): QueryDocumentSnapshot {
  return { data: () => data } as unknown as QueryDocumentSnapshot;
}

describe('converters', () => {
  const start = new Date('2026-01-01T00:00:00Z');

  it('schemaConverter turns Timestamps into Dates and refuses a document that does not fit', () => {
    const converter = schemaConverter(RateLimitCounterSchema);
    const at = Timestamp.fromDate(start);
    expect(
      converter.fromFirestore(snapshot({ count: 2, windowStart: at, expireAt: at, extra: 1 })),
    ).toEqual({ count: 2, windowStart: start, expireAt: start });
    expect(() => converter.fromFirestore(snapshot({ count: 2, windowStart: at }))).toThrow();
  });

  it('fieldwiseConverter keeps the fields that fit and leaves out the missing or odd ones', () => {
    const converter = fieldwiseConverter(SerialLockSchema);
    expect(
      converter.fromFirestore(
        snapshot({ failedAttempts: 5, lockedUntil: Timestamp.fromDate(start) }),
      ),
    ).toEqual({ failedAttempts: 5, lockedUntil: start });
    expect(
      converter.fromFirestore(snapshot({ failedAttempts: 'five', lockedUntil: null })),
    ).toEqual({ lockedUntil: null });
  });
});

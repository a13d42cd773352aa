import { FieldValue } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import type { MetricAggregates } from '@gadget/shared';
import { deviceWith as device } from '../../test-fixtures/device.ts';
import { withReadings } from './hour-docs.ts';
import { DAY_RETENTION_DAYS, closeDays, closedBefore, recentHoursUpdate } from './recent-hours.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const agg = (sum: number, count = 1): MetricAggregates => ({
  temperature: { count, sum, min: sum / count, max: sum / count },
});

describe('the hour rollup', () => {
  it('merges fresh readings into the stored aggregates of the hour and its slices', () => {
    const hour = Date.UTC(2026, 4, 1, 10);
    const stored = withReadings(
      '2026-05-01T10',
      undefined,
      [{ id: 'a', ts: new Date(hour + 60_000), values: { temperature: 20 } }],
      30,
    );
    const merged = withReadings(
      '2026-05-01T10',
      stored,
      [
        { id: 'b', ts: new Date(hour + 120_000), values: { temperature: 10 } },
        { id: 'c', ts: new Date(hour + 59 * 60_000), values: { temperature: 30 } },
      ],
      30,
    );
    expect(merged.count).toBe(3);
    expect(merged.metrics).toEqual({ temperature: { count: 3, sum: 60, min: 10, max: 30 } });
    expect(merged.slices).toEqual({
      '0': { temperature: { count: 2, sum: 30, min: 10, max: 20 } },
      '11': { temperature: { count: 1, sum: 30, min: 30, max: 30 } },
    });
    expect(merged.expireAt).toEqual(new Date(hour + 60 * 60_000 + 30 * DAY_MS));
    // The stored hour is not modified: a retried transaction starts from the same document.
    expect(stored.metrics).toEqual({ temperature: { count: 1, sum: 20, min: 20, max: 20 } });
  });
});

describe('recent hours on the device', () => {
  it('sets each touched hour and moves recentSince back only to an earlier hour', () => {
    const since = new Date('2026-05-01T08:00:00Z');
    const touched = new Map([
      ['2026-05-01T09', { hour: new Date('2026-05-01T09:00:00Z'), metrics: agg(1) }],
      ['2026-05-01T07', { hour: new Date('2026-05-01T07:00:00Z'), metrics: agg(2) }],
    ]);
    expect(recentHoursUpdate(device({ recentSince: since }), touched)).toEqual({
      'recentHours.2026-05-01T09': agg(1),
      'recentHours.2026-05-01T07': agg(2),
      recentSince: new Date('2026-05-01T07:00:00Z'),
    });
    const later = new Map([
      ['2026-05-01T09', { hour: new Date('2026-05-01T09:00:00Z'), metrics: agg(1) }],
    ]);
    expect(recentHoursUpdate(device({ recentSince: since }), later)).toEqual({
      'recentHours.2026-05-01T09': agg(1),
    });
  });

  it('closes days that readings can no longer reach, a whole UTC day past the age limit', () => {
    expect(closedBefore(new Date('2026-05-08T10:00:00Z'))).toEqual(
      new Date('2026-05-01T00:00:00Z'),
    );
    expect(closedBefore(new Date('2026-05-08T00:00:00Z'))).toEqual(
      new Date('2026-05-01T00:00:00Z'),
    );
    expect(closedBefore(new Date('2026-05-07T23:59:59Z'))).toEqual(
      new Date('2026-04-30T00:00:00Z'),
    );
  });

  it('moves the hours of closed days into one document per UTC day and keeps the rest', () => {
    const recent = device({
      recentHours: {
        '2026-04-29T23': agg(1),
        '2026-04-30T00': agg(2),
        '2026-04-30T23': agg(3),
        '2026-05-01T00': agg(4),
        '2026-05-01T05': agg(5),
      },
      recentSince: new Date('2026-04-29T23:00:00Z'),
    });
    const { days, deviceUpdate } = closeDays(recent, new Date('2026-05-01T00:00:00Z'));
    expect([...days.keys()].sort()).toEqual(['2026-04-29', '2026-04-30']);
    expect(days.get('2026-04-30')).toEqual({
      day: new Date('2026-04-30T00:00:00Z'),
      hours: { '00': agg(2), '23': agg(3) },
      expireAt: new Date(Date.UTC(2026, 3, 30) + DAY_RETENTION_DAYS * DAY_MS),
    });
    expect(days.get('2026-04-29')?.hours).toEqual({ '23': agg(1) });
    expect(Object.keys(deviceUpdate).sort()).toEqual([
      'recentHours.2026-04-29T23',
      'recentHours.2026-04-30T00',
      'recentHours.2026-04-30T23',
      'recentSince',
    ]);
    for (const key of Object.keys(deviceUpdate).filter((k) => k.startsWith('recentHours.'))) {
      expect((deviceUpdate[key] as FieldValue).isEqual(FieldValue.delete()), key).toBe(true);
    }
    expect(deviceUpdate.recentSince).toEqual(new Date('2026-05-01T00:00:00Z'));
  });

  it('changes nothing when no hour is closed, and empties recentSince when all are', () => {
    const recent = device({
      recentHours: { '2026-05-01T05': agg(5) },
      recentSince: new Date('2026-05-01T05:00:00Z'),
    });
    expect(closeDays(recent, new Date('2026-05-01T00:00:00Z'))).toEqual({
      days: new Map(),
      deviceUpdate: {},
    });
    expect(closeDays(recent, new Date('2026-05-02T00:00:00Z')).deviceUpdate.recentSince).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { DEVICE_MODELS } from '@gadget/shared';
import { MAX_READINGS_PER_HOUR, hourDocBytes, readingsOf, withReadings } from './hour-docs.ts';
import type { ValidReading } from './validation.ts';

const HOUR = Date.UTC(2026, 4, 1, 10);
const MIB = 1024 * 1024;

describe('hour documents', () => {
  it('the worst-case hour at the cap fits in a Firestore document', () => {
    // The model with the most metrics, every reading carrying all of them, 64-character ids.
    const metrics = Object.keys(DEVICE_MODELS['air-1'].metrics);
    const readings: ValidReading[] = Array.from({ length: MAX_READINGS_PER_HOUR }, (_, i) => ({
      id: String(i).padStart(64, 'x'),
      ts: new Date(HOUR + i * 500),
      values: Object.fromEntries(metrics.map((metric) => [metric, 1234.5678 + i])),
    }));
    const hour = withReadings('2026-05-01T10', undefined, readings, 30);
    const bytes = hourDocBytes(hour) + 'projects/p/databases/(default)/documents/devices/x'.length;
    expect(metrics).toHaveLength(5);
    expect(bytes).toBeLessThan(0.8 * MIB);
    expect(bytes).toBeGreaterThan(0.75 * MIB);
  });

  it('refuses a reading past the cap', () => {
    const full = withReadings(
      '2026-05-01T10',
      undefined,
      Array.from({ length: MAX_READINGS_PER_HOUR }, (_, i) => ({
        id: `r${String(i)}`,
        ts: new Date(HOUR),
        values: { temperature: 1 },
      })),
      30,
    );
    expect(() =>
      withReadings('2026-05-01T10', full, [{ id: 'one-more', ts: new Date(HOUR), values: {} }], 30),
    ).toThrow(/most readings/);
  });

  it('keeps columns aligned when metrics come and go, and decodes in ts order', () => {
    const first = withReadings(
      '2026-05-01T10',
      undefined,
      [{ id: 'b', ts: new Date(HOUR + 600_000), values: { temperature: 20 } }],
      30,
    );
    const next = withReadings(
      '2026-05-01T10',
      first,
      [{ id: 'a', ts: new Date(HOUR + 60_000), values: { humidity: 40 } }],
      30,
    );
    expect(next.values).toEqual({ temperature: [20, null], humidity: [null, 40] });
    expect(next.slices).toEqual({
      '0': { humidity: { count: 1, sum: 40, min: 40, max: 40 } },
      '2': { temperature: { count: 1, sum: 20, min: 20, max: 20 } },
    });
    expect(readingsOf(next).map((reading) => reading.id)).toEqual(['a', 'b']);
  });
});

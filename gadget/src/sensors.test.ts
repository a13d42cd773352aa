import { describe, expect, it } from 'vitest';
import { DeviceModelIdSchema, metricsOf } from '@gadget/shared';
import { seededRandom } from './random.ts';
import { Sensors } from './sensors.ts';

describe('Sensors', () => {
  it.each(DeviceModelIdSchema.options)(
    'the %s stays within its metrics’ ranges over 10,000 samples, and moves',
    (model) => {
      const sensors = new Sensors(model, seededRandom(7));
      const seen = new Map<string, number[]>();
      for (let i = 0; i < 10_000; i++) {
        for (const [metric, value] of Object.entries(sensors.sample())) {
          const values = seen.get(metric) ?? [];
          values.push(value);
          seen.set(metric, values);
        }
      }
      const metrics = metricsOf(model);
      expect([...seen.keys()].sort()).toEqual(Object.keys(metrics).sort());
      for (const [metric, values] of seen) {
        expect(values, metric).toHaveLength(10_000);
        expect(Math.min(...values), metric).toBeGreaterThanOrEqual(metrics[metric]?.min ?? NaN);
        expect(Math.max(...values), metric).toBeLessThanOrEqual(metrics[metric]?.max ?? NaN);
        expect(new Set(values).size, metric).toBeGreaterThan(5);
      }
    },
  );

  it('is the same for the same seed, and drifts rather than jumps', () => {
    const a = new Sensors('air-1', seededRandom(42));
    const b = new Sensors('air-1', seededRandom(42));
    const samples = Array.from({ length: 200 }, () => a.sample());
    expect(Array.from({ length: 200 }, () => b.sample())).toEqual(samples);
    const temperatures = samples.map((values) => values.temperature ?? Number.NaN);
    const steps = temperatures.slice(1).map((t, i) => Math.abs(t - (temperatures[i] ?? t)));
    expect(Math.max(...steps)).toBeLessThan(2);
    expect(temperatures.every((t) => t > 5 && t < 40)).toBe(true);
  });

  it('drains the battery slowly, from 80–100 %', () => {
    const sensors = new Sensors('thermo-1', seededRandom(3));
    const first = sensors.sample().battery ?? 0;
    let last = first;
    for (let i = 0; i < 24 * 60; i++) last = sensors.sample().battery ?? 0;
    expect(first).toBeGreaterThanOrEqual(80);
    expect(first - last).toBeGreaterThan(0);
    expect(first - last).toBeLessThan(5);
  });

  it('calibrates a metric by a small offset that later samples carry', () => {
    const sensors = new Sensors('thermo-1', seededRandom(5));
    const offset = sensors.calibrate('humidity');
    expect(Math.abs(offset)).toBeLessThanOrEqual(1);
    expect(() => sensors.calibrate('co2')).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { LIMITS } from '@gadget/shared';
import { DomainError } from '../../errors.ts';
import { validateReadings } from './validation.ts';

const NOW = new Date('2026-05-01T10:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const iso = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

function refusal(batch: unknown[]): DomainError {
  try {
    validateReadings(batch, 'thermo-1', NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('the batch was accepted');
}

describe('validateReadings', () => {
  it('accepts a good batch with its times parsed, in the order sent', () => {
    const valid = validateReadings(
      [
        { id: 'b', ts: '2026-05-01T11:59:00+02:00', values: { temperature: -40, humidity: 100 } },
        { id: 'a', ts: iso(-7 * DAY + 1000), values: { battery: 0 } },
      ],
      'thermo-1',
      NOW,
    );
    expect(valid).toEqual([
      {
        id: 'b',
        ts: new Date('2026-05-01T09:59:00Z'),
        values: { temperature: -40, humidity: 100 },
      },
      { id: 'a', ts: new Date(NOW.getTime() - 7 * DAY + 1000), values: { battery: 0 } },
    ]);
  });

  it('refuses the whole batch and names every bad reading by index', () => {
    const error = refusal([
      { id: 'ok', ts: iso(0), values: { temperature: 20 } },
      { id: 'old', ts: iso(-7 * DAY - 1000), values: { temperature: 20 } },
      { id: 'future', ts: iso(5 * 60 * 1000 + 1000), values: { temperature: 20 } },
      { id: 'range', ts: iso(0), values: { temperature: 125.1, humidity: -1 } },
      { id: 'model', ts: iso(0), values: { co2: 400 } },
      { id: 'ok', ts: iso(0), values: { temperature: 20 } },
      { id: 'shape', ts: 'yesterday', values: {} },
    ]);
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toBe('Some readings are not valid; none were stored.');
    const { formErrors, fieldErrors } = error.details as {
      formErrors: string[];
      fieldErrors: Record<string, string[]>;
    };
    expect(formErrors).toEqual([]);
    expect(Object.keys(fieldErrors)).toEqual([
      'readings.1',
      'readings.2',
      'readings.3',
      'readings.4',
      'readings.5',
      'readings.6',
    ]);
    expect(fieldErrors['readings.1']).toEqual(['ts: older than 7 days']);
    expect(fieldErrors['readings.2']).toEqual(['ts: more than 5 minutes in the future']);
    expect(fieldErrors['readings.3']).toEqual([
      'values.temperature: must be within -40..125 °C',
      'values.humidity: must be within 0..100 %',
    ]);
    expect(fieldErrors['readings.4']).toEqual([
      'values.co2: the thermo-1 has no such metric (it reports temperature, humidity, battery)',
    ]);
    expect(fieldErrors['readings.5']).toEqual(['id: ok appears more than once in the batch']);
    expect(fieldErrors['readings.6']?.length).toBeGreaterThanOrEqual(2);
    expect(fieldErrors['readings.6']?.some((problem) => problem.startsWith('ts: '))).toBe(true);
  });

  it('refuses an empty batch and one over the limit', () => {
    const over = Array.from({ length: LIMITS.readingsPerSubmission + 1 }, (_, i) => ({
      id: `r${String(i)}`,
      ts: iso(0),
      values: { temperature: 20 },
    }));
    for (const batch of [[], over]) {
      const { formErrors } = refusal(batch).details as { formErrors: string[] };
      expect(formErrors).toEqual([
        `Expected 1 to ${String(LIMITS.readingsPerSubmission)} readings.`,
      ]);
    }
  });
});

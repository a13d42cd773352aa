import { describe, expect, it } from 'vitest';
import { ALERT_REOPEN_WINDOW_MS } from '@gadget/shared';
import { CLEARED_ALERT_RETENTION_MS, evaluateAlerts } from './evaluate.ts';
import type { EvaluatedReading } from './evaluate.ts';
import type { AlertRule } from './rules.ts';

// temperature above 30 opens, back at or below 28 clears, above 40 is critical.
const HOT: AlertRule = {
  id: 'temperature-max',
  metric: 'temperature',
  direction: 'above',
  threshold: 30,
  clearAt: 28,
  criticalAt: 40,
  inclusive: false,
};

const T0 = Date.UTC(2026, 4, 1, 10);
const MINUTE = 60_000;
const at = (minutes: number, temperature: number): EvaluatedReading => ({
  ts: new Date(T0 + minutes * MINUTE),
  values: { temperature },
});

describe('evaluateAlerts', () => {
  it('opens one alert on crossing and keeps it open while values oscillate inside the hysteresis', () => {
    const { writes, state } = evaluateAlerts(
      undefined,
      [HOT],
      [
        at(0, 25),
        at(1, 31),
        at(2, 29), // below the threshold but above clearAt: still open
        at(3, 31),
        at(4, 29.5),
      ],
    );
    expect([...writes.keys()]).toEqual(['temperature-max-1']);
    expect(writes.get('temperature-max-1')).toMatchObject({
      kind: 'create',
      alert: { state: 'active', severity: 'warning', value: 31, openedAt: new Date(T0 + MINUTE) },
    });
    expect(state.rules['temperature-max']).toMatchObject({ seq: 1, open: true });
    expect(state.evaluatedUntil).toEqual(new Date(T0 + 4 * MINUTE));
  });

  it('clears only once the value is back inside by the hysteresis, at the threshold itself not', () => {
    const open = evaluateAlerts(undefined, [HOT], [at(0, 31)]).state;
    expect(evaluateAlerts(open, [HOT], [at(1, 30)]).writes.size).toBe(0);
    const cleared = evaluateAlerts(open, [HOT], [at(1, 28)]);
    expect(cleared.writes.get('temperature-max-1')).toEqual({
      kind: 'update',
      fields: {
        state: 'cleared',
        clearedAt: new Date(T0 + MINUTE),
        clearedValue: 28,
        expireAt: new Date(T0 + MINUTE + CLEARED_ALERT_RETENTION_MS),
        reopenIncrement: 0,
      },
    });
    expect(cleared.state.rules['temperature-max']).toMatchObject({ open: false, seq: 1 });
  });

  it('reopens the same alert within the reopen window, and opens a new one after it', () => {
    const cleared = evaluateAlerts(undefined, [HOT], [at(0, 31), at(1, 20)]).state;
    const windowMinutes = ALERT_REOPEN_WINDOW_MS / MINUTE;
    const reopened = evaluateAlerts(cleared, [HOT], [at(1 + windowMinutes, 45)]);
    expect(reopened.writes.get('temperature-max-1')).toEqual({
      kind: 'update',
      fields: {
        state: 'active',
        severity: 'critical',
        acknowledgedBy: null,
        acknowledgedAt: null,
        clearedAt: null,
        clearedValue: null,
        expireAt: null,
        reopenIncrement: 1,
      },
    });
    expect(reopened.writes.size).toBe(1);
    const fresh = evaluateAlerts(cleared, [HOT], [at(2 + windowMinutes, 31)]);
    expect([...fresh.writes.keys()]).toEqual(['temperature-max-2']);
    expect(fresh.writes.get('temperature-max-2')?.kind).toBe('create');
  });

  it('folds open, clear and reopen of one batch into the new document', () => {
    const { writes } = evaluateAlerts(undefined, [HOT], [at(0, 31), at(1, 20), at(2, 32)]);
    expect([...writes.keys()]).toEqual(['temperature-max-1']);
    expect(writes.get('temperature-max-1')).toMatchObject({
      kind: 'create',
      alert: { state: 'active', reopenCount: 1, clearedAt: null, value: 31 },
    });
  });

  it('escalates an open warning to critical once, never back', () => {
    const open = evaluateAlerts(undefined, [HOT], [at(0, 31)]).state;
    const escalated = evaluateAlerts(open, [HOT], [at(1, 41), at(2, 35), at(3, 42)]);
    expect(escalated.writes.get('temperature-max-1')).toEqual({
      kind: 'update',
      fields: { severity: 'critical', reopenIncrement: 0 },
    });
    expect(escalated.state.rules['temperature-max']?.severity).toBe('critical');
  });

  it('evaluates a batch in ts order and ignores readings not newer than the last one', () => {
    // Out of order in the batch: the clearing 20 is the latest, so the alert ends cleared.
    const shuffled = evaluateAlerts(undefined, [HOT], [at(2, 20), at(0, 31)]);
    expect(shuffled.writes.get('temperature-max-1')).toMatchObject({
      kind: 'create',
      alert: { state: 'cleared', clearedValue: 20 },
    });
    const open = evaluateAlerts(undefined, [HOT], [at(5, 31)]).state;
    // Late and repeated readings neither clear nor change anything.
    const late = evaluateAlerts(open, [HOT], [at(4, 10), at(5, 10)]);
    expect(late).toMatchObject({ changed: false });
    expect(late.writes.size).toBe(0);
    expect(late.state).toEqual(open);
  });

  it('clears the open alert of a removed rule at the next reading, with no value', () => {
    const open = evaluateAlerts(undefined, [HOT], [at(0, 31)]).state;
    const removed = evaluateAlerts(open, [], [at(1, 50)]);
    expect(removed.writes.get('temperature-max-1')).toMatchObject({
      kind: 'update',
      fields: { state: 'cleared', clearedAt: new Date(T0 + MINUTE), clearedValue: null },
    });
    expect(removed.state.rules['temperature-max']?.open).toBe(false);
  });

  it('leaves rules alone when a reading lacks their metric, and does not touch the previous state', () => {
    const open = evaluateAlerts(undefined, [HOT], [at(0, 31)]).state;
    const snapshot = structuredClone(open);
    const other = evaluateAlerts(
      open,
      [HOT],
      [{ ts: new Date(T0 + MINUTE), values: { humidity: 5 } }],
    );
    expect(other.writes.size).toBe(0);
    expect(other.changed).toBe(true);
    expect(other.state.rules['temperature-max']?.open).toBe(true);
    expect(open).toEqual(snapshot);
  });

  it('opens a battery-low style rule at its threshold when inclusive', () => {
    const low: AlertRule = {
      id: 'battery-low',
      metric: 'battery',
      direction: 'below',
      threshold: 15,
      clearAt: 20,
      criticalAt: 5,
      inclusive: true,
    };
    const { writes } = evaluateAlerts(
      undefined,
      [low],
      [{ ts: new Date(T0), values: { battery: 15 } }],
    );
    expect(writes.get('battery-low-1')).toMatchObject({
      kind: 'create',
      alert: { severity: 'warning' },
    });
    const critical = evaluateAlerts(
      undefined,
      [low],
      [{ ts: new Date(T0), values: { battery: 4 } }],
    );
    expect(critical.writes.get('battery-low-1')).toMatchObject({ alert: { severity: 'critical' } });
  });
});

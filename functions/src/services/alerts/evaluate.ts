import { ALERT_REOPEN_WINDOW_MS } from '@gadget/shared';
import type { Alert, AlertRuleState, AlertSeverity, AlertState } from '@gadget/shared';
import { crosses, isBackInside, isCritical } from './rules.ts';
import type { AlertRule } from './rules.ts';

/** Cleared alerts are deleted by the TTL policy this long after they clear. */
export const CLEARED_ALERT_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** A change to one alert document: a new one, or fields to update on an existing one. */
export type AlertWrite =
  | { readonly kind: 'create'; readonly alert: Alert }
  | { readonly kind: 'update'; readonly fields: AlertUpdate };

export interface AlertUpdate {
  state?: Alert['state'];
  severity?: AlertSeverity;
  acknowledgedBy?: null;
  acknowledgedAt?: null;
  clearedAt?: Date | null;
  clearedValue?: number | null;
  expireAt?: Date | null;
  /** Added to the stored count. */
  reopenIncrement?: number;
}

export interface Evaluation {
  readonly state: AlertState;
  /** By alert id; one write per document however many times a batch changed it. */
  readonly writes: ReadonlyMap<string, AlertWrite>;
  readonly changed: boolean;
}

export interface EvaluatedReading {
  readonly ts: Date;
  readonly values: Readonly<Record<string, number>>;
}

export function alertId(ruleId: string, seq: number): string {
  return `${ruleId}-${String(seq)}`;
}

/**
 * Runs the readings through the rules in `ts` order. A reading not newer than the last one
 * evaluated changes nothing, so late or repeated readings never reopen or clear an alert. An open
 * alert clears only once a value is back inside by the hysteresis, so values oscillating around a
 * threshold keep one alert open; one crossing again within 10 minutes of clearing reopens the same
 * alert. A rule whose threshold was removed clears its open alert at the next reading.
 */
export function evaluateAlerts(
  previous: AlertState | undefined,
  rules: readonly AlertRule[],
  readings: readonly EvaluatedReading[],
): Evaluation {
  const state: AlertState = {
    evaluatedUntil: previous?.evaluatedUntil ?? null,
    rules: Object.fromEntries(
      Object.entries(previous?.rules ?? {}).map(([id, rule]) => [id, { ...rule }]),
    ),
  };
  const writes = new Map<string, AlertWrite>();
  const ruleIds = new Set(rules.map((rule) => rule.id));
  let changed = false;

  const sorted = [...readings].sort((a, b) => a.ts.getTime() - b.ts.getTime());
  for (const reading of sorted) {
    if (state.evaluatedUntil !== null && reading.ts.getTime() <= state.evaluatedUntil.getTime()) {
      continue;
    }
    state.evaluatedUntil = reading.ts;
    changed = true;
    for (const [id, ruleState] of Object.entries(state.rules)) {
      if (ruleState.open && !ruleIds.has(id)) clear(writes, id, ruleState, reading.ts, null);
    }
    for (const rule of rules) {
      const value = reading.values[rule.metric];
      if (value === undefined) continue;
      const ruleState = (state.rules[rule.id] ??= {
        seq: 0,
        open: false,
        severity: 'warning',
        clearedAt: null,
      });
      step(writes, rule, ruleState, reading.ts, value);
    }
  }
  return { state, writes, changed };
}

function step(
  writes: Map<string, AlertWrite>,
  rule: AlertRule,
  ruleState: AlertRuleState,
  ts: Date,
  value: number,
): void {
  const severity: AlertSeverity = isCritical(rule, value) ? 'critical' : 'warning';
  if (!ruleState.open) {
    if (!crosses(rule, value)) return;
    const reopen =
      ruleState.seq > 0 &&
      ruleState.clearedAt !== null &&
      ts.getTime() - ruleState.clearedAt.getTime() <= ALERT_REOPEN_WINDOW_MS;
    ruleState.open = true;
    ruleState.clearedAt = null;
    if (reopen) {
      ruleState.severity = severity === 'critical' ? 'critical' : ruleState.severity;
      change(writes, alertId(rule.id, ruleState.seq), {
        state: 'active',
        severity: ruleState.severity,
        acknowledgedBy: null,
        acknowledgedAt: null,
        clearedAt: null,
        clearedValue: null,
        expireAt: null,
        reopenIncrement: 1,
      });
      return;
    }
    ruleState.seq += 1;
    ruleState.severity = severity;
    writes.set(alertId(rule.id, ruleState.seq), {
      kind: 'create',
      alert: openedAlert(rule, severity, ts, value),
    });
    return;
  }
  if (isBackInside(rule, value)) {
    clear(writes, rule.id, ruleState, ts, value);
  } else if (severity === 'critical' && ruleState.severity === 'warning') {
    ruleState.severity = 'critical';
    change(writes, alertId(rule.id, ruleState.seq), { severity: 'critical' });
  }
}

/** The alert document a reading beyond the rule's threshold opens: active, unacknowledged. */
export function openedAlert(
  rule: Pick<AlertRule, 'id' | 'metric' | 'threshold'>,
  severity: AlertSeverity,
  openedAt: Date,
  value: number,
): Alert {
  return {
    rule: rule.id,
    metric: rule.metric,
    threshold: rule.threshold,
    severity,
    state: 'active',
    openedAt,
    value,
    acknowledgedBy: null,
    acknowledgedAt: null,
    clearedAt: null,
    clearedValue: null,
    reopenCount: 0,
    expireAt: null,
  };
}

function clear(
  writes: Map<string, AlertWrite>,
  ruleId: string,
  ruleState: AlertRuleState,
  ts: Date,
  value: number | null,
): void {
  ruleState.open = false;
  ruleState.clearedAt = ts;
  change(writes, alertId(ruleId, ruleState.seq), {
    state: 'cleared',
    clearedAt: ts,
    clearedValue: value,
    expireAt: new Date(ts.getTime() + CLEARED_ALERT_RETENTION_MS),
  });
}

/** Folds a change into the pending write of that alert (a new document or an update). */
function change(writes: Map<string, AlertWrite>, id: string, update: AlertUpdate): void {
  const pending = writes.get(id);
  const { reopenIncrement = 0, ...fields } = update;
  if (pending?.kind === 'create') {
    writes.set(id, {
      kind: 'create',
      alert: {
        ...pending.alert,
        ...fields,
        reopenCount: pending.alert.reopenCount + reopenIncrement,
      },
    });
    return;
  }
  const previous = pending?.fields ?? {};
  writes.set(id, {
    kind: 'update',
    fields: {
      ...previous,
      ...fields,
      reopenIncrement: (previous.reopenIncrement ?? 0) + reopenIncrement,
    },
  });
}

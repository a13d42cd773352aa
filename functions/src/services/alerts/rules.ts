import { BATTERY_LOW_RULE, metricsOf } from '@gadget/shared';
import type { Device } from '@gadget/shared';

/**
 * One alert rule of a device. `max` rules open above the bound, `min` and `low` rules below it
 * (`low` also at it); each clears only once a value is back inside by `clearAt`.
 */
export interface AlertRule {
  readonly id: string;
  readonly metric: string;
  readonly direction: 'above' | 'below';
  readonly threshold: number;
  readonly clearAt: number;
  /** Beyond this the alert is critical. */
  readonly criticalAt: number;
  /** Whether the threshold itself already opens the alert (battery ≤ 15 %). */
  readonly inclusive: boolean;
}

/**
 * The device's rules: per-metric thresholds from `updateDevice` and battery low for models with a
 * battery. `criticalMarginPercent` is the share of the metric's range past the threshold at which
 * an alert is critical.
 */
export function rulesOf(device: Device, criticalMarginPercent: number): AlertRule[] {
  const specs = metricsOf(device.model);
  const rules: AlertRule[] = [];
  const marginOf = (metric: string) => {
    const spec = specs[metric];
    return spec === undefined ? 0 : ((spec.max - spec.min) * criticalMarginPercent) / 100;
  };
  for (const [metric, threshold] of Object.entries(device.thresholds)) {
    if (!Object.hasOwn(specs, metric)) continue;
    const hysteresis = threshold.hysteresis ?? 0;
    const margin = marginOf(metric);
    if (threshold.max !== undefined) {
      rules.push({
        id: `${metric}-max`,
        metric,
        direction: 'above',
        threshold: threshold.max,
        clearAt: threshold.max - hysteresis,
        criticalAt: threshold.max + margin,
        inclusive: false,
      });
    }
    if (threshold.min !== undefined) {
      rules.push({
        id: `${metric}-min`,
        metric,
        direction: 'below',
        threshold: threshold.min,
        clearAt: threshold.min + hysteresis,
        criticalAt: threshold.min - margin,
        inclusive: false,
      });
    }
  }
  if (Object.hasOwn(specs, BATTERY_LOW_RULE.metric)) {
    rules.push({
      id: `${BATTERY_LOW_RULE.metric}-low`,
      metric: BATTERY_LOW_RULE.metric,
      direction: 'below',
      threshold: BATTERY_LOW_RULE.openAt,
      clearAt: BATTERY_LOW_RULE.clearAt,
      criticalAt: BATTERY_LOW_RULE.openAt - marginOf(BATTERY_LOW_RULE.metric),
      inclusive: true,
    });
  }
  return rules;
}

export function crosses(rule: AlertRule, value: number): boolean {
  if (rule.direction === 'above')
    return rule.inclusive ? value >= rule.threshold : value > rule.threshold;
  return rule.inclusive ? value <= rule.threshold : value < rule.threshold;
}

export function isBackInside(rule: AlertRule, value: number): boolean {
  return rule.direction === 'above' ? value <= rule.clearAt : value >= rule.clearAt;
}

export function isCritical(rule: AlertRule, value: number): boolean {
  return rule.direction === 'above' ? value > rule.criticalAt : value < rule.criticalAt;
}

import { FieldPath, FieldValue } from 'firebase-admin/firestore';
import { metricsOf } from '@gadget/shared';
import type {
  Device,
  DeviceModelId,
  Threshold,
  ThresholdInput,
  UpdatePolicy,
} from '@gadget/shared';
import { db } from '../../admin.ts';
import { invalidArgument } from '../../errors.ts';
import { requireRole } from './device-access.ts';
import type { Role } from '@gadget/shared';
import { collections } from '../../data/collections.ts';

export interface DeviceSettingsChange {
  readonly name?: string | undefined;
  /** Per metric: new thresholds, or null to clear them. Metrics not named are left alone. */
  readonly thresholds?: Readonly<Record<string, ThresholdInput | null>> | undefined;
  readonly muted?: boolean | undefined;
  readonly updatePolicy?: UpdatePolicy | undefined;
}

/** `updateDevice`: owner or admin; thresholds are checked against the device's model. */
export async function updateDeviceSettings(
  uid: string,
  deviceId: string,
  change: DeviceSettingsChange,
): Promise<{ device: Device; role: Role }> {
  const ref = collections.devices().doc(deviceId);
  return db().runTransaction(async (transaction) => {
    const { device, role } = requireRole((await transaction.get(ref)).data(), uid, [
      'owner',
      'admin',
    ]);
    const thresholds = Object.entries(change.thresholds ?? {});
    const problems = thresholdProblems(device.model, thresholds);
    if (Object.keys(problems).length > 0) {
      throw invalidArgument('The thresholds are not valid for this device.', {
        formErrors: [],
        fieldErrors: problems,
      });
    }

    const updates: unknown[] = [];
    const next: Device = { ...device, thresholds: { ...device.thresholds } };
    if (change.name !== undefined) {
      updates.push('name', change.name);
      next.name = change.name;
    }
    if (change.muted !== undefined) {
      updates.push('muted', change.muted);
      next.muted = change.muted;
    }
    if (change.updatePolicy !== undefined) {
      updates.push('updatePolicy', change.updatePolicy);
      next.updatePolicy = change.updatePolicy;
    }
    for (const [metric, input] of thresholds) {
      if (input === null) {
        updates.push(new FieldPath('thresholds', metric), FieldValue.delete());
        next.thresholds = Object.fromEntries(
          Object.entries(next.thresholds).filter(([name]) => name !== metric),
        );
      } else {
        const threshold = withoutUndefined(input);
        updates.push(new FieldPath('thresholds', metric), threshold);
        next.thresholds[metric] = threshold;
      }
    }
    const [first, value, ...rest] = updates;
    if (first !== undefined) {
      transaction.update(ref, first as string | FieldPath, value, ...rest);
    }
    return { device: next, role };
  });
}

/**
 * Field errors keyed `thresholds.<metric>`: metrics the model lacks, bounds outside the model's
 * range, min ≥ max, and hysteresis not below the band's width (missing bounds count as the
 * range's ends, so a lone max still has a band to fit in).
 */
export function thresholdProblems(
  model: DeviceModelId,
  thresholds: readonly (readonly [string, ThresholdInput | null])[],
): Record<string, string[]> {
  const specs = metricsOf(model);
  const problems: Record<string, string[]> = {};
  for (const [metric, threshold] of thresholds) {
    const spec = Object.hasOwn(specs, metric) ? specs[metric] : undefined;
    const found: string[] = [];
    if (spec === undefined) {
      found.push(`The ${model} has no ${metric} metric.`);
    } else if (threshold !== null) {
      const { min, max, hysteresis } = threshold;
      const range = `${String(spec.min)}..${String(spec.max)} ${spec.unit}`;
      if (min !== undefined && (min < spec.min || min > spec.max))
        found.push(`min must be within ${range}.`);
      if (max !== undefined && (max < spec.min || max > spec.max))
        found.push(`max must be within ${range}.`);
      if (min !== undefined && max !== undefined && min >= max)
        found.push('min must be below max.');
      const width = (max ?? spec.max) - (min ?? spec.min);
      if (hysteresis !== undefined && hysteresis >= width) {
        found.push('hysteresis must be smaller than max − min.');
      }
    }
    if (found.length > 0) problems[`thresholds.${metric}`] = found;
  }
  return problems;
}

/** Firestore refuses `undefined` values; absent bounds are simply not stored. */
function withoutUndefined(input: ThresholdInput): Threshold {
  return {
    ...(input.min === undefined ? {} : { min: input.min }),
    ...(input.max === undefined ? {} : { max: input.max }),
    ...(input.hysteresis === undefined ? {} : { hysteresis: input.hysteresis }),
  };
}

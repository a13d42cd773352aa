import { ModelRolloutSchema } from '@gadget/shared';
import type { DeviceModelId, ModelRollout } from '@gadget/shared';
import type { Transaction } from 'firebase-admin/firestore';
import { MODEL_CACHE_SECONDS } from '../../config.ts';
import { collections } from '../../data/collections.ts';

/**
 * A model's rollout as `models/{model}.rollout` summarises it (the `onRolloutWritten` trigger keeps
 * it). Read leniently: a summary that does not fit counts as no rollout, so a bad document can
 * stop offers but never make a gadget's request fail.
 */
export async function readModelRollout(
  model: DeviceModelId,
  transaction?: Transaction,
): Promise<ModelRollout | null> {
  const ref = collections.models().doc(model);
  const snapshot = transaction === undefined ? await ref.get() : await transaction.get(ref);
  const parsed = ModelRolloutSchema.safeParse(snapshot.get('rollout'));
  return parsed.success ? parsed.data : null;
}

const cache = new Map<DeviceModelId, { rollout: ModelRollout | null; readAt: number }>();

/**
 * The model's rollout, kept per instance for MODEL_CACHE_SECONDS (a minute by default): every
 * gadget request asks, and a rollout changes a few times a day at most, so a gadget learns of a new
 * stage, a pause or an abort at most that late. Read outside any transaction on purpose: a request
 * must not conflict with the model document.
 */
export async function cachedModelRollout(
  model: DeviceModelId,
  now: Date,
): Promise<ModelRollout | null> {
  const maxAgeMs = MODEL_CACHE_SECONDS.value() * 1000;
  const cached = cache.get(model);
  const age = cached === undefined ? Infinity : now.getTime() - cached.readAt;
  if (cached !== undefined && age >= 0 && age < maxAgeMs) return cached.rollout;
  const rollout = await readModelRollout(model);
  cache.set(model, { rollout, readAt: now.getTime() });
  return rollout;
}

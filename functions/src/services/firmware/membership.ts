import { createHash } from 'node:crypto';

/**
 * A gadget's place in a rollout, 0–9999: the first four bytes of SHA-256 over the rollout and the
 * device. Deterministic, so raising a stage's percent only ever adds gadgets; salted by the
 * rollout, so the same gadgets are not always the first to take every release.
 */
export function rolloutBucket(rolloutId: string, deviceId: string): number {
  return createHash('sha256').update(`${rolloutId}/${deviceId}`).digest().readUInt32BE(0) % 10_000;
}

/** Whether the gadget is among the first `percent` of the model's gadgets for this rollout. */
export function inRolloutStage(rolloutId: string, deviceId: string, percent: number): boolean {
  return rolloutBucket(rolloutId, deviceId) < Math.round(percent * 100);
}

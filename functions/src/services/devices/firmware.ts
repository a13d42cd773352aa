import { compareVersions } from '@gadget/shared';
import type { DeviceModelId, FirmwareStatus } from '@gadget/shared';
import { collections } from '../../data/collections.ts';

/**
 * The latest firmware of each model, as `npm run firmware:release` records it in `models/{model}`.
 * Read outside the ingestion transaction and kept a minute per instance: it changes a few times a
 * year, and an extra read per gadget request would exceed the ingestion budget.
 */
const CACHE_MS = 60 * 1000;
const cache = new Map<DeviceModelId, { latest: string | null; readAt: number }>();

export async function latestFirmware(model: DeviceModelId, now: Date): Promise<string | null> {
  const cached = cache.get(model);
  if (cached !== undefined && now.getTime() - cached.readAt < CACHE_MS) return cached.latest;
  const latest = (await collections.models().doc(model).get()).data()?.latestFirmware ?? null;
  cache.set(model, { latest, readAt: now.getTime() });
  return latest;
}

/**
 * What a device reporting `version` should show. `updateAvailable` names the version to install,
 * so it changes (and the device document with it) once per released version, not per report.
 */
export function firmwareStatus(version: string, latest: string | null): FirmwareStatus {
  return {
    version,
    updateAvailable: latest !== null && compareVersions(version, latest) < 0 ? latest : null,
  };
}

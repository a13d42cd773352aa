import type { Firestore } from 'firebase-admin/firestore';
import {
  COLLECTIONS,
  DeviceModelIdSchema,
  FirmwareVersionSchema,
  compareVersions,
} from '@gadget/shared';

export type ReleaseOutcome = 'released' | 'already-latest' | 'older-than-latest';

/**
 * Records `version` as the latest firmware of `model` in `models/{model}`. Re-running it is a
 * no-op, and an older version never replaces a newer one: devices would be told to downgrade.
 */
export async function releaseFirmware(
  firestore: Firestore,
  input: { model: string; version: string },
  now: Date = new Date(),
): Promise<{ outcome: ReleaseOutcome; latest: string }> {
  const model = DeviceModelIdSchema.parse(input.model);
  const version = FirmwareVersionSchema.parse(input.version);
  const ref = firestore.collection(COLLECTIONS.models).doc(model);
  return firestore.runTransaction(async (transaction) => {
    const current: unknown = (await transaction.get(ref)).get('latestFirmware');
    if (typeof current === 'string') {
      const order = compareVersions(version, current);
      if (order === 0) return { outcome: 'already-latest', latest: current };
      if (order < 0) return { outcome: 'older-than-latest', latest: current };
    }
    transaction.set(ref, { latestFirmware: version, releasedAt: now }, { merge: true });
    return { outcome: 'released', latest: version };
  });
}

// Firmware releases and rollouts seeded as the operator's commands leave them (a signed release in
// Storage and Firestore, a rollout document), for the update tests; and the gadget's side of a call.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { docPaths, firmwareManifestBytes, OtaDocSchema, storagePrefixes } from '@gadget/shared';
import { rolloutWith } from '../../functions/src/test-fixtures/rollout.ts';
import type { DeviceModelId, OtaDoc, RolloutGates } from '@gadget/shared';

/** The operator's signing key of these tests, and the raw public key a gadget would embed. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: string;
}

export function signingKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  return { privateKey, publicKey: raw.toString('base64') };
}

export interface SeededRelease {
  readonly model: DeviceModelId;
  readonly version: string;
  readonly image: Buffer;
  readonly sha256: string;
}

/** A release of `size` random bytes, uploaded and recorded with its signed manifest. */
export async function seedRelease(
  cloud: TestCloud,
  key: SigningKey,
  input: {
    model?: DeviceModelId;
    version: string;
    size?: number;
    minFromVersion?: string;
    antiRollback?: number;
    notes?: Record<string, string>;
  },
): Promise<SeededRelease> {
  const model = input.model ?? 'thermo-1';
  const image = randomBytes(input.size ?? 200_000);
  const sha256 = createHash('sha256').update(image).digest('hex');
  const manifest = {
    model,
    version: input.version,
    size: image.length,
    sha256,
    minFromVersion: input.minFromVersion ?? '0.0.0',
    antiRollback: input.antiRollback ?? 0,
    deltaFrom: null,
  };
  const signature = sign(null, firmwareManifestBytes(manifest), key.privateKey).toString('base64');
  const storagePath = `${storagePrefixes.firmware(model, input.version)}image.bin`;
  await cloud.bucket.file(storagePath).save(image, { contentType: 'application/octet-stream' });
  await cloud.firestore.doc(`models/${model}/releases/${input.version}`).set({
    model,
    version: input.version,
    storagePath,
    size: image.length,
    sha256,
    signature,
    minFromVersion: manifest.minFromVersion,
    antiRollback: manifest.antiRollback,
    notes: input.notes ?? { en: `Version ${input.version}` },
    delta: null,
    releasedAt: new Date(),
    revokedAt: null,
  });
  return { model, version: input.version, image, sha256 };
}

/** A rollout as `firmware:rollout create` writes it; waits for the model's summary to follow. */
export async function seedRollout(
  cloud: TestCloud,
  input: {
    id: string;
    model?: DeviceModelId;
    version: string;
    stages: number[];
    gates?: Partial<RolloutGates>;
    stageStartedAt?: Date;
  },
): Promise<void> {
  const now = new Date();
  await cloud.firestore.doc(docPaths.rollout(input.id)).set(
    rolloutWith({
      model: input.model ?? 'thermo-1',
      version: input.version,
      stages: input.stages,
      stageStartedAt: input.stageStartedAt ?? now,
      gates: { ...rolloutWith().gates, ...input.gates },
      createdAt: now,
    }),
  );
  await cloud.idle();
}

/** An operator's (or the console's) change of a rollout's state; waits for the summary. */
export async function setRolloutState(
  cloud: TestCloud,
  id: string,
  state: 'active' | 'paused' | 'aborted',
): Promise<void> {
  await cloud.firestore
    .doc(`rollouts/${id}`)
    .update({ state, stoppedBy: state === 'active' ? null : 'operator', updatedAt: new Date() });
  await cloud.idle();
}

export async function otaDoc(cloud: TestCloud, deviceId: string): Promise<OtaDoc | undefined> {
  const snapshot = await cloud.firestore.doc(`devices/${deviceId}/ota/current`).get();
  if (!snapshot.exists) return undefined;
  const data = snapshot.data() ?? {};
  // Timestamps as Dates, as the schema wants them.
  const dated = Object.fromEntries(
    Object.entries(data).map(([field, value]) => [
      field,
      value instanceof Object && 'toDate' in value ? (value as { toDate(): Date }).toDate() : value,
    ]),
  );
  if (dated.lease !== null && typeof dated.lease === 'object') {
    const lease = dated.lease as { uid: string; expiresAt: { toDate(): Date } };
    dated.lease = { uid: lease.uid, expiresAt: lease.expiresAt.toDate() };
  }
  return OtaDocSchema.parse(dated);
}

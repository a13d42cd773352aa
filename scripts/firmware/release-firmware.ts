import { createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Firestore, Transaction } from 'firebase-admin/firestore';
import {
  COLLECTIONS,
  DEVICE_MODELS,
  DeviceModelIdSchema,
  FirmwareReleaseSchema,
  FirmwareVersionSchema,
  storagePrefixes,
} from '@gadget/shared';
import type { FirmwareRelease } from '@gadget/shared';
import { schemaConverter } from '../../functions/src/for-scripts/firmware.ts';
import { planRelease } from './release-plan.ts';
import type { ImageDigest, ReleasePlan, ReleaseRequest } from './release-plan.ts';
import { removeImage, storeImage } from './release-storage.ts';
import type { Bucket, StoredImage } from './release-storage.ts';
import { FirmwareRefusal } from './refusal.ts';
import { assertSigningKey, signManifest } from './signing-key.ts';

export interface FirmwareReleaseInput {
  readonly model: string;
  readonly version: string;
  /** The whole image. */
  readonly image: Uint8Array;
  readonly signingKey: KeyObject;
  /** Default 0.0.0: any version may install it. */
  readonly minFromVersion?: string;
  /** Default: the previous release's counter, 0 for the first. */
  readonly antiRollback?: number;
  readonly notes?: Readonly<Record<string, string>>;
  /** A delta image that applies on `fromVersion`, an older release of the model. */
  readonly delta?: { readonly fromVersion: string; readonly bytes: Uint8Array };
  /** What the operator expects of the image (`--size`, `--sha256`): anything else is refused. */
  readonly expectedSize?: number;
  readonly expectedSha256?: string;
}

export interface FirmwareReleaseResult {
  readonly outcome: 'released' | 'already-released';
  readonly release: FirmwareRelease;
}

/**
 * Releases firmware: checks the request against the model's releases, signs each image's manifest,
 * uploads the images (`firmware/{model}/{version}/`), then records `models/{model}/releases/{version}`
 * and the model's `latestFirmware` in one transaction. A refusal writes nothing anywhere: it comes
 * before the upload, or, when a concurrent release changed the picture meanwhile, removes what this
 * run uploaded. After any other failure the objects stay (the transaction may have committed), and
 * the same release run again takes them as they are.
 */
export async function publishFirmwareRelease(
  firestore: Firestore,
  bucket: Bucket,
  input: FirmwareReleaseInput,
  now: Date = new Date(),
): Promise<FirmwareReleaseResult> {
  const request = releaseRequest(input);
  assertSigningKey(input.signingKey);
  const modelRef = firestore.collection(COLLECTIONS.models).doc(request.model);
  const releases = modelRef
    .collection(COLLECTIONS.releases)
    .withConverter(schemaConverter(FirmwareReleaseSchema));
  const plan = async (transaction?: Transaction): Promise<ReleasePlan> => {
    // The model document first, before the query: see createRollout.
    const modelDoc = await (transaction ? transaction.get(modelRef) : modelRef.get());
    const recorded = await (transaction ? transaction.get(releases) : releases.get());
    const latest: unknown = modelDoc.get('latestFirmware');
    return planRelease(
      request,
      recorded.docs.map((doc) => doc.data()),
      typeof latest === 'string' ? latest : undefined,
    );
  };

  const first = await plan();
  if (first.kind === 'already-released') {
    return { outcome: 'already-released', release: first.release };
  }
  const release = signedRelease(request, first, input.signingKey, now);

  const stored: StoredImage[] = [];
  const removeStored = () => Promise.all(stored.map((image) => removeImage(bucket, image)));
  try {
    stored.push(await storeImage(bucket, release.storagePath, input.image, release.sha256));
    if (release.delta !== null && input.delta !== undefined) {
      const { storagePath, sha256 } = release.delta;
      stored.push(await storeImage(bucket, storagePath, input.delta.bytes, sha256));
    }
  } catch (error) {
    await removeStored();
    throw error;
  }

  try {
    return await firestore.runTransaction(async (transaction) => {
      const again = await plan(transaction);
      if (again.kind === 'already-released') {
        return { outcome: 'already-released', release: again.release };
      }
      // The signatures cover both: a release recorded meanwhile may have changed the defaults.
      if (
        again.minFromVersion !== first.minFromVersion ||
        again.antiRollback !== first.antiRollback
      ) {
        throw new FirmwareRefusal(
          `${request.model}'s releases changed while ${request.version} was uploaded; run the release again`,
        );
      }
      transaction.create(releases.doc(request.version), release);
      transaction.set(
        modelRef,
        { latestFirmware: request.version, releasedAt: now },
        { merge: true },
      );
      return { outcome: 'released', release };
    });
  } catch (error) {
    if (error instanceof FirmwareRefusal) await removeStored();
    throw error;
  }
}

/** The release document, each image's manifest signed: the whole image's, and the delta's. */
function signedRelease(
  request: ReleaseRequest,
  plan: ReleasePlan & { kind: 'new' },
  signingKey: KeyObject,
  now: Date,
): FirmwareRelease {
  const prefix = storagePrefixes.firmware(request.model, request.version);
  const signed = (image: ImageDigest, deltaFrom: string | null) => ({
    size: image.size,
    sha256: image.sha256,
    signature: signManifest(
      {
        model: request.model,
        version: request.version,
        size: image.size,
        sha256: image.sha256,
        minFromVersion: plan.minFromVersion,
        antiRollback: plan.antiRollback,
        deltaFrom,
      },
      signingKey,
    ),
  });
  const { delta } = request;
  return FirmwareReleaseSchema.parse({
    storagePath: `${prefix}image.bin`,
    ...signed(request.image, null),
    model: request.model,
    version: request.version,
    minFromVersion: plan.minFromVersion,
    antiRollback: plan.antiRollback,
    notes: request.notes,
    delta:
      delta === null
        ? null
        : {
            storagePath: `${prefix}delta-from-${delta.fromVersion}.bin`,
            ...signed(delta, delta.fromVersion),
            fromVersion: delta.fromVersion,
          },
    releasedAt: now,
    revokedAt: null,
  } satisfies FirmwareRelease);
}

/** The input checked and measured, the --size and --sha256 expectations held against the image. */
function releaseRequest(input: FirmwareReleaseInput): ReleaseRequest {
  const model = DeviceModelIdSchema.safeParse(input.model);
  if (!model.success) {
    throw new FirmwareRefusal(
      `Unknown model ${input.model}; the models are ${Object.keys(DEVICE_MODELS).join(', ')}`,
    );
  }
  const version = checkedVersion('version', input.version);
  const minFromVersion =
    input.minFromVersion === undefined
      ? undefined
      : checkedVersion('--min-from', input.minFromVersion);
  const antiRollback = input.antiRollback;
  if (antiRollback !== undefined && !(Number.isSafeInteger(antiRollback) && antiRollback >= 0)) {
    throw new FirmwareRefusal(`--anti-rollback must be a whole number from 0, not ${antiRollback}`);
  }
  const notes = FirmwareReleaseSchema.shape.notes.safeParse(input.notes ?? {});
  if (!notes.success) {
    const maxLength = FirmwareReleaseSchema.shape.notes.valueType.maxLength ?? Infinity;
    throw new FirmwareRefusal(`--notes must be at most ${maxLength} characters each`);
  }
  const image = digestOf(input.image, 'The image');
  if (input.expectedSize !== undefined && input.expectedSize !== image.size) {
    throw new FirmwareRefusal(
      `The image has ${image.size} bytes, not the ${input.expectedSize} --size gives`,
    );
  }
  if (input.expectedSha256 !== undefined && input.expectedSha256 !== image.sha256) {
    throw new FirmwareRefusal(
      `The image's SHA-256 is ${image.sha256}, not the ${input.expectedSha256} --sha256 gives`,
    );
  }
  const delta =
    input.delta === undefined
      ? null
      : {
          fromVersion: checkedVersion('--delta-from', input.delta.fromVersion),
          ...digestOf(input.delta.bytes, 'The delta image'),
        };
  return {
    model: model.data,
    version,
    image,
    minFromVersion,
    antiRollback,
    notes: notes.data,
    delta,
  };
}

function checkedVersion(name: string, version: string): string {
  if (!FirmwareVersionSchema.safeParse(version).success) {
    throw new FirmwareRefusal(`${name} ${version} is not a version such as 1.4.0`);
  }
  return version;
}

function digestOf(bytes: Uint8Array, what: string): ImageDigest {
  if (bytes.length === 0) throw new FirmwareRefusal(`${what} is empty`);
  return { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

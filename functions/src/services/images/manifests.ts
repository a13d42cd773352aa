import type { Transaction } from 'firebase-admin/firestore';
import type { ImageFailureCode, ImageManifest, ImageVariant, Role } from '@gadget/shared';
import { db } from '../../admin.ts';
import { roleOf } from '../devices/device-access.ts';
import { countInTransaction, isFull, readLimitInTransaction } from '../limits/rate-limits.ts';
import type { RateLimit } from '../limits/rate-limits.ts';
import type { ImageTarget } from './paths.ts';
import { collections } from '../../data/collections.ts';

/** Runs that may start on one generation before it is given up on (crashes, timeouts, OOM kills). */
export const MAX_ATTEMPTS = 3;

export type Claim =
  /** This run owns the generation: decode and write. */
  | { readonly outcome: 'claimed' }
  /**
   * The uploader is gone, or holds neither owner nor admin on the device (or replaces another's
   * photo without that role): the upload is to be deleted.
   */
  | { readonly outcome: 'owner-gone' }
  /** A newer generation has been seen: this event changes nothing. */
  | { readonly outcome: 'stale' }
  /** This generation is already ready or failed (a redelivery). */
  | { readonly outcome: 'done' }
  /** This generation has been started too often without finishing. */
  | { readonly outcome: 'exhausted' }
  /** The uploader's daily quota is used up: the upload fails for good. */
  | { readonly outcome: 'over-quota' };

type Finish =
  | { readonly status: 'ready'; readonly variants: ImageVariant[] }
  | { readonly status: 'failed'; readonly code: ImageFailureCode; readonly message: string };

/**
 * Starts work on `generation` in one transaction: checks the owner (the profile for avatars; the
 * device and the uploader's membership for photos), compares with the manifest's generation and
 * records `processing` with one more attempt. Earlier variants stay listed until new ones replace
 * them, so the app keeps showing the last good picture meanwhile.
 */
export async function claimGeneration(
  target: ImageTarget,
  generation: bigint,
  uploaderUid: string | undefined,
  now: Date,
  dailyQuota: number,
): Promise<Claim> {
  return db().runTransaction(async (transaction) => {
    // A photo without its uploader's uid is treated as a non-member's: the apps always set it.
    const owner = await readOwner(transaction, target, { uid: uploaderUid ?? '' });
    if (owner === undefined) return { outcome: 'owner-gone' };
    const current = owner.manifest;
    if (!mayUpload(owner)) return { outcome: 'owner-gone' };
    const currentGeneration = current === undefined ? -1n : BigInt(current.sourceGeneration);
    if (currentGeneration > generation) return { outcome: 'stale' };
    const same = currentGeneration === generation && current !== undefined;
    if (same && current.status !== 'processing') return { outcome: 'done' };
    if (same && current.attempts >= MAX_ATTEMPTS) return { outcome: 'exhausted' };
    // A new generation counts against its uploader's day; a retry of one already counted does not.
    const quota = same
      ? undefined
      : await readLimitInTransaction(
          transaction,
          uploadQuota(target, uploaderUid, dailyQuota),
          now,
        );
    if (quota !== undefined && isFull(quota)) return { outcome: 'over-quota' };
    if (quota !== undefined) countInTransaction(transaction, quota);
    writeManifest(transaction, target, {
      status: 'processing',
      variants: current?.variants ?? [],
      sourceGeneration: generation.toString(),
      attempts: (same ? current.attempts : 0) + 1,
      ...(target.kind === 'photo' && uploaderUid !== undefined ? { uploadedBy: uploaderUid } : {}),
      updatedAt: now,
    });
    return { outcome: 'claimed' };
  });
}

/**
 * Records the result for `generation`, unless a newer generation has claimed the manifest since
 * (or the owner is gone); answers whether it was recorded.
 */
export async function finishGeneration(
  target: ImageTarget,
  generation: bigint,
  result: Finish,
  now: Date,
): Promise<boolean> {
  return db().runTransaction(async (transaction) => {
    const owner = await readOwner(transaction, target, 'anyone');
    if (owner === undefined) return false;
    const current = owner.manifest;
    if (current !== undefined && BigInt(current.sourceGeneration) > generation) return false;
    const attempts = current?.sourceGeneration === generation.toString() ? current.attempts : 1;
    const uploadedBy = current?.uploadedBy === undefined ? {} : { uploadedBy: current.uploadedBy };
    writeManifest(
      transaction,
      target,
      result.status === 'ready'
        ? {
            status: 'ready',
            variants: result.variants,
            sourceGeneration: generation.toString(),
            attempts,
            ...uploadedBy,
            updatedAt: now,
          }
        : {
            status: 'failed',
            variants: current?.variants ?? [],
            sourceGeneration: generation.toString(),
            attempts,
            error: { code: result.code, message: result.message },
            ...uploadedBy,
            updatedAt: now,
          },
    );
    return true;
  });
}

/** `uploads:{uid}`: one fixed day per uploader (the profile's owner for avatars). */
function uploadQuota(
  target: ImageTarget,
  uploaderUid: string | undefined,
  limit: number,
): RateLimit {
  const uid = target.kind === 'avatar' ? target.uid : (uploaderUid ?? '');
  return { key: `uploads:${uid}`, limit, windowMs: 24 * 60 * 60 * 1000 };
}

interface Owner {
  readonly manifest: ImageManifest | undefined;
  /** The uploader's role on the device (photos only). */
  readonly uploaderRole?: Role;
}

/**
 * Device photos are uploaded, and so replaced, by owners and admins only (as the Storage rules
 * say): a viewer's upload, or one by an admin removed meanwhile, never reaches a manifest. The
 * manifest records its uploader for the app and for support.
 */
function mayUpload(owner: Owner): boolean {
  if (owner.uploaderRole === undefined) return true; // an avatar: the profile's own
  return owner.uploaderRole === 'owner' || owner.uploaderRole === 'admin';
}

async function readOwner(
  transaction: Transaction,
  target: ImageTarget,
  uploader: { uid: string } | 'anyone',
): Promise<Owner | undefined> {
  if (target.kind === 'avatar') {
    const profile = (await transaction.get(collections.users().doc(target.uid))).data();
    return profile === undefined ? undefined : { manifest: profile.avatar };
  }
  const manifestRef = collections.photos(target.deviceId).doc(target.photoId);
  const [device, manifest] = await Promise.all([
    transaction.get(collections.devices().doc(target.deviceId)),
    transaction.get(manifestRef),
  ]);
  const deviceData = device.data();
  if (deviceData === undefined) return undefined;
  // Only checked when claiming: the upload's author must still be a member; finishing needs the
  // device alone (a photo is the device's, whoever took it).
  if (uploader === 'anyone') return { manifest: manifest.data() };
  const uploaderRole = roleOf(deviceData, uploader.uid);
  if (uploaderRole === undefined) return undefined;
  return { manifest: manifest.data(), uploaderRole };
}

function writeManifest(transaction: Transaction, target: ImageTarget, manifest: ImageManifest) {
  if (target.kind === 'avatar') {
    transaction.update(collections.users().doc(target.uid), { avatar: manifest });
  } else {
    transaction.set(collections.photos(target.deviceId).doc(target.photoId), manifest);
  }
}

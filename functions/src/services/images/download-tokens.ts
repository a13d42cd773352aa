import { randomUUID } from 'node:crypto';
import { storagePrefixes } from '@gadget/shared';
import { defaultBucket } from '../../storage-bucket.ts';

/** The custom metadata key Firebase Storage keeps an object's download tokens in. */
const DOWNLOAD_TOKENS_KEY = 'firebaseStorageDownloadTokens';

/**
 * Gives every photo variant of the device a fresh download token, so the URLs a removed member
 * saved (`getDownloadURL` answers with a token that needs no rules) stop working. The members who
 * stay ask for the URL again.
 */
export function refreshPhotoDownloadTokens(deviceId: string): Promise<number> {
  return refreshTokensUnder(storagePrefixes.deviceImages(deviceId));
}

/**
 * The same for avatars, once someone no longer shares a device with their user: the URL they
 * saved stops working, and the co-members who remain ask for it again.
 */
export async function refreshAvatarDownloadTokens(uids: Iterable<string>): Promise<number> {
  const counts = await Promise.all(
    [...new Set(uids)].map((uid) => refreshTokensUnder(storagePrefixes.userImages(uid))),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

async function refreshTokensUnder(prefix: string): Promise<number> {
  const bucket = await defaultBucket();
  const [files] = await bucket.getFiles({ prefix, autoPaginate: true });
  await Promise.all(
    files.map((file) => file.setMetadata({ metadata: { [DOWNLOAD_TOKENS_KEY]: randomUUID() } })),
  );
  return files.length;
}

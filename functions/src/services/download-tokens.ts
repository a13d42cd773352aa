import { randomUUID } from 'node:crypto';
import { storagePrefixes } from '@gadget/shared';
import { defaultBucket } from './storage-bucket.ts';

/** The custom metadata key Firebase Storage keeps an object's download tokens in. */
const DOWNLOAD_TOKENS_KEY = 'firebaseStorageDownloadTokens';

/**
 * Gives every photo variant of the device a fresh download token, so the URLs a removed member
 * saved (`getDownloadURL` answers with a token that needs no rules) stop working. The members who
 * stay ask for the URL again. Avatars need no such step: a deleted account's are deleted.
 */
export async function refreshPhotoDownloadTokens(deviceId: string): Promise<number> {
  const bucket = await defaultBucket();
  const [files] = await bucket.getFiles({
    prefix: storagePrefixes.deviceImages(deviceId),
    autoPaginate: true,
  });
  await Promise.all(
    files.map((file) => file.setMetadata({ metadata: { [DOWNLOAD_TOKENS_KEY]: randomUUID() } })),
  );
  return files.length;
}

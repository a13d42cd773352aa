import type { DocumentData } from 'firebase-admin/firestore';

/**
 * Set on the device by a release's detach step: the members it took off, who are told of the
 * release (`device-released`) until the device document goes. A release resumed after a crash
 * between detaching and telling finds them here.
 */
export const RELEASE_NOTICE_FIELD = 'releaseNotice';

/**
 * The members a device write took off for a release: noted in `after`'s release notice and not in
 * `before`'s. They hear of the release itself, so the write is no "member left" news to anyone.
 */
export function membersReleasedBy(
  before: DocumentData | undefined,
  after: DocumentData | undefined,
): ReadonlySet<string> {
  const earlier = new Set(noticeOf(before));
  return new Set(noticeOf(after).filter((uid) => !earlier.has(uid)));
}

function noticeOf(device: DocumentData | undefined): string[] {
  const noted: unknown = device?.[RELEASE_NOTICE_FIELD];
  return Array.isArray(noted) ? noted.filter((uid): uid is string => typeof uid === 'string') : [];
}

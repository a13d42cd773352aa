import * as z from 'zod';

/**
 * `users/{uid}/coMembers/{otherUid}`: `uid` and `otherUid` share at least one device. Server only,
 * kept by the membership flows in the transactions that change `members`, one record each way,
 * so Storage rules can decide who may fetch an avatar with one `firestore.exists()`: they cannot
 * query devices. The record is deleted when the last shared device goes, so its existence is the
 * answer; `deviceIds` is the reference count (a set, so a repeated join or leave changes nothing).
 */
export const CoMemberSchema = z.object({
  deviceIds: z.array(z.string()).min(1),
  /** When the pair first came to share a device (kept while any shared device remains). */
  since: z.date(),
});
export type CoMember = z.infer<typeof CoMemberSchema>;

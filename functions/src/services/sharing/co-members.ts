import { FieldValue } from 'firebase-admin/firestore';
import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import type { CoMember } from '@gadget/shared';
import { collections } from '../../admin.ts';

/**
 * The `users/{uid}/coMembers/{otherUid}` records Storage rules look up to let people who share a
 * device see each other's avatar. They change in the transaction that changes `members`, so two
 * membership changes racing on one device (or on two devices shared by the same pair) are
 * serialised by Firestore like the device itself. Transactions read before they write: a flow
 * reads the records with `readCoMembers` first, then writes with `joinDevice` or `leaveDevice`.
 */
export interface CoMemberRecords {
  readonly records: readonly {
    readonly ref: DocumentReference<CoMember>;
    readonly data: CoMember | undefined;
  }[];
}

/** Reads the records between each of `uids` and each of `others`, both ways (a uid never with itself). */
export async function readCoMembers(
  transaction: Transaction,
  uids: readonly string[],
  others: readonly string[],
): Promise<CoMemberRecords> {
  const refs = new Map<string, DocumentReference<CoMember>>();
  for (const uid of uids) {
    for (const other of others) {
      if (uid === other) continue;
      for (const [from, to] of [
        [uid, other],
        [other, uid],
      ] as const) {
        const ref = collections.coMembers(from).doc(to);
        refs.set(ref.path, ref);
      }
    }
  }
  const list = [...refs.values()];
  const snapshots = list.length === 0 ? [] : await transaction.getAll(...list);
  return {
    records: snapshots.map((snapshot) => ({
      ref: snapshot.ref,
      data: snapshot.data(),
    })),
  };
}

/** Counts `deviceId` as shared by every pair read. */
export function joinDevice(
  transaction: Transaction,
  read: CoMemberRecords,
  deviceId: string,
  now: Date,
): void {
  for (const { ref, data } of read.records) {
    if (data === undefined) transaction.create(ref, { deviceIds: [deviceId], since: now });
    else if (!data.deviceIds.includes(deviceId)) {
      transaction.update(ref, 'deviceIds', FieldValue.arrayUnion(deviceId));
    }
  }
}

/**
 * Stops counting `deviceId`; a pair left with no shared device loses its record. Answers the users
 * whose avatar someone can no longer see, whose saved download URLs are to be refreshed once the
 * transaction has committed.
 */
export function leaveDevice(
  transaction: Transaction,
  read: CoMemberRecords,
  deviceId: string,
): Set<string> {
  const hidden = new Set<string>();
  for (const { ref, data } of read.records) {
    if (data === undefined || !data.deviceIds.includes(deviceId)) continue;
    if (data.deviceIds.length > 1) {
      transaction.update(ref, 'deviceIds', FieldValue.arrayRemove(deviceId));
      continue;
    }
    transaction.delete(ref);
    // `users/{uid}/coMembers/{other}` gone: `other` no longer sees uid's avatar.
    const uid = ref.parent.parent?.id;
    if (uid !== undefined) hidden.add(uid);
  }
  return hidden;
}

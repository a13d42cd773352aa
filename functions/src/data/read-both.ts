import type {
  DocumentReference,
  DocumentSnapshot,
  Firestore,
  Transaction,
} from 'firebase-admin/firestore';

/**
 * Two documents of different types in one request (a batchGet), at one read time, in or out of a
 * transaction. `getAll` types its references as one model; the snapshots come back in the order
 * asked, each read through its own reference's converter, so each keeps its own type.
 */
export async function readBoth<A, B>(
  reader: Firestore | Transaction,
  first: DocumentReference<A>,
  second: DocumentReference<B>,
): Promise<[DocumentSnapshot<A>, DocumentSnapshot<B>]> {
  const refs = [first, second] as DocumentReference<unknown>[];
  const [a, b] = await reader.getAll(...refs);
  if (a === undefined || b === undefined) throw new Error('getAll returned fewer documents');
  return [a as DocumentSnapshot<A>, b as DocumentSnapshot<B>];
}

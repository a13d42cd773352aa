import type { DatabaseName } from '../data/names.ts';
import type { QueryPlan } from '../data/query-plan.ts';
import type { WriteOverlay } from '../data/writes.ts';
import type { ClientIdentity } from './identity.ts';

/** A read a client asks for: one document (`get`) or a query (`list`, judged by its constraints). */
export type ClientRead =
  | { readonly kind: 'get'; readonly path: string }
  | { readonly kind: 'list'; readonly plan: QueryPlan };

/**
 * The one seam every client request passes, on every transport (gRPC, WebChannel, REST): reads
 * before they run, and the writes of a commit (or Write stream batch) before they are stored. It
 * throws an RpcError (PERMISSION_DENIED) to refuse. Requests from `owner` never reach it.
 */
export interface ClientAuthorizer {
  authorizeRead(identity: ClientIdentity, db: DatabaseName, read: ClientRead): void;
  /**
   * The writes of one commit, applied in an overlay at the commit time (`batch.applied`, each with
   * its document before and after; `batch.peek` for any document after the batch), before they
   * are stored.
   */
  authorizeWrites(identity: ClientIdentity, db: DatabaseName, batch: WriteOverlay): void;
}

/** Until security rules are evaluated, every client request is allowed. */
export const ALLOW_ALL: ClientAuthorizer = {
  authorizeRead: () => undefined,
  authorizeWrites: () => undefined,
};

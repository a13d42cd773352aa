import type { DatabaseName } from '../names.ts';
import type { QueryPlan } from '../query-plan.ts';
import type { Write } from '../types.ts';
import type { ClientIdentity } from './identity.ts';

/** A read a client asks for: one document (`get`) or a query (`list`, judged by its constraints). */
export type ClientRead =
  | { readonly kind: 'get'; readonly path: string }
  | { readonly kind: 'list'; readonly plan: QueryPlan };

/**
 * The one seam every client request passes, on every transport (gRPC, WebChannel, REST): reads
 * before they run, and the writes of a commit (or Write stream batch) before they apply. It throws
 * an RpcError (PERMISSION_DENIED) to refuse. Requests from `owner` never reach it.
 */
export interface ClientAuthorizer {
  authorizeRead(identity: ClientIdentity, db: DatabaseName, read: ClientRead): void;
  authorizeWrites(identity: ClientIdentity, db: DatabaseName, writes: readonly Write[]): void;
}

/** Until security rules are evaluated, every client request is allowed. */
export const ALLOW_ALL: ClientAuthorizer = {
  authorizeRead: () => undefined,
  authorizeWrites: () => undefined,
};

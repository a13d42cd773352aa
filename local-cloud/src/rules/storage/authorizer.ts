// Storage's security rules behind local-cloud's Firebase Storage REST API: every client request
// (get, list, create, update, delete) is decided by the rules in force for the server's project,
// with `firestore.get()`/`firestore.exists()` reading the project's (default) Firestore database.
import type { ClientIdentity } from '../../firestore/client/identity.ts';
import { ANONYMOUS, identityFromAuthorization } from '../../firestore/client/identity.ts';
import type { FirestoreEngine } from '../../firestore/data/engine.ts';
import { RpcError } from '../../firestore/data/errors.ts';
import { databaseKey } from '../../firestore/data/names.ts';
import { StorageApiError } from '../../storage/errors.ts';
import type { ObjectRecord } from '../../storage/types.ts';
import { authOf } from '../auth.ts';
import type { Decision, RequestMethod } from '../engine.ts';
import { newState } from '../evaluate.ts';
import type { AccessProvider, Value } from '../evaluate.ts';
import { documentOfPath, resourceOf } from '../firestore/values.ts';
import type { RulesHolder } from '../rules-holder.ts';
import { RError, RMap, RPath, RTimestamp } from '../values.ts';
import type { Result } from '../values.ts';
import { listPath, objectPath, storageResource } from './values.ts';

/** One request as the rules judge it. */
export interface StorageRulesRequest {
  readonly method: RequestMethod;
  readonly bucket: string;
  /** The object's name, or a list request's prefix. */
  readonly name: string;
  /** The object as it is now (`resource`); undefined when it does not exist, and for list. */
  readonly current?: ObjectRecord | undefined;
  /** The object as the write would leave it (`request.resource`), for create and update. */
  readonly proposed?: ObjectRecord | undefined;
}

const DEFAULT_DATABASE = '(default)';

/** What the emulator's denials name, by method. */
const PERMISSION: Record<RequestMethod, string> = {
  get: 'READ',
  list: 'LIST',
  create: 'WRITE',
  update: 'WRITE',
  delete: 'WRITE',
};

export class StorageRulesAuthorizer {
  private readonly holder: RulesHolder;
  private readonly project: string;
  private readonly firestore: FirestoreEngine | undefined;

  constructor(holder: RulesHolder, project: string, firestore: FirestoreEngine | undefined) {
    this.holder = holder;
    this.project = project;
    this.firestore = firestore;
  }

  /** Whether any rules are in force; without them every request is allowed. */
  get enforcing(): boolean {
    return this.holder.forProject(this.project) !== undefined;
  }

  /**
   * The caller of an `Authorization` header: `Firebase <idToken>` as the client SDKs send it, or
   * `Bearer <token>`; `owner` in either bypasses the rules, as on the emulator. A token that does
   * not decode is refused with 401 (the SDKs' `storage/unauthenticated`) while rules are in force.
   */
  identify(authorization: string | undefined): ClientIdentity {
    const m = /^Firebase\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    try {
      return identityFromAuthorization(m?.[1] ? `Bearer ${m[1]}` : authorization);
    } catch (e) {
      if (!(e instanceof RpcError)) throw e;
      if (!this.enforcing) return ANONYMOUS;
      throw new StorageApiError(401, 'unauthenticated', e.message);
    }
  }

  /** Throws the emulator's 403 when the rules in force do not allow `request`. */
  authorize(identity: ClientIdentity, request: StorageRulesRequest): void {
    const ruleset = this.holder.forProject(this.project);
    if (!ruleset || identity.kind === 'owner') return;
    const { method, bucket, name } = request;
    const path = method === 'list' ? listPath(bucket, name) : objectPath(bucket, name);
    let decision: Decision;
    if (method === 'list' && ruleset.file.version !== '2') {
      const shown = '/' + path.join('/');
      decision = {
        allowed: false,
        method,
        path: shown,
        evaluations: [],
        debug: [],
        calls: [],
        reason: `list ${shown}: list operations are only allowed for rules_version='2'`,
      };
    } else {
      const requestMap = new RMap({
        auth: authOf(identity),
        method,
        path: new RPath(path),
        time: RTimestamp.fromMillis(Date.now()),
        resource: request.proposed ? storageResource(request.proposed) : null,
      });
      const variables = new Map<string, Value>([
        ['request', requestMap],
        ['resource', request.current ? storageResource(request.current) : null],
      ]);
      const access = this.access();
      decision = ruleset.decide({ method, path, variables }, access, newState(access));
    }
    this.holder.record({
      ...decision,
      service: 'firebase.storage',
      project: this.project,
      time: new Date().toISOString(),
      uid: identity.kind === 'user' ? identity.uid : null,
    });
    if (!decision.allowed)
      throw new StorageApiError(
        403,
        'forbidden',
        `Permission denied. No ${PERMISSION[method]} permission. ${decision.reason}`,
      );
  }

  /** Storage rules have no get()/exists() of their own; firestore.get() reads Firestore. */
  private access(): AccessProvider {
    return {
      get: () =>
        new RError(
          'get() and exists() are for Firestore rules; Storage rules call firestore.get() and firestore.exists().',
        ),
      crossService: (path) => this.document(path),
    };
  }

  /** A document of the project's (default) database as a resource map, or null when absent. */
  private document(path: RPath): Result {
    const at = documentOfPath(path);
    if (at instanceof RError) return at;
    if (at.database !== DEFAULT_DATABASE)
      return new RError(
        `Storage rules read the (default) Firestore database only, not ${at.database}.`,
      );
    if (!this.firestore)
      return new RError('No Firestore is connected to this Storage emulator for firestore.get().');
    const db = this.firestore.store.database(
      databaseKey({ project: this.project, database: DEFAULT_DATABASE }),
    );
    const doc = db.get(at.docPath);
    return doc ? resourceOf(DEFAULT_DATABASE, doc) : null;
  }
}

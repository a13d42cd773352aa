// Firestore's security rules behind local-cloud's client seam: every client read (a get per
// document, a proven list per query) and every client commit (each write as create, update or
// delete, seeing the batch through getAfter) is decided by the rules in force for its project.
import { status } from '@grpc/grpc-js';
import type { ClientAuthorizer, ClientRead } from '../../firestore/client/authorizer.ts';
import type { ClientIdentity } from '../../firestore/client/identity.ts';
import type { FirestoreEngine } from '../../firestore/data/engine.ts';
import { RpcError } from '../../firestore/data/errors.ts';
import { databaseKey } from '../../firestore/data/names.ts';
import type { DatabaseName } from '../../firestore/data/names.ts';
import type { WriteOverlay } from '../../firestore/data/writes.ts';
import type { RequestMethod, Ruleset } from '../engine.ts';
import { LIMITS, continueState, newState } from '../evaluate.ts';
import type { AccessProvider, EvalState, Value } from '../evaluate.ts';
import { ANY_ID, ANY_PARENTS } from '../match.ts';
import type { RulesHolder } from '../rules-holder.ts';
import { RError, RMap } from '../values.ts';
import type { RValue } from '../values.ts';
import { authOf } from '../auth.ts';
import { proofCases, queryMap } from './query-proof.ts';
import { documentOfPath, documentPath, resourceOf, timestampFromMicros } from './values.ts';

export class FirestoreRulesAuthorizer implements ClientAuthorizer {
  private readonly holder: RulesHolder;
  private readonly engine: FirestoreEngine;

  constructor(holder: RulesHolder, engine: FirestoreEngine) {
    this.holder = holder;
    this.engine = engine;
  }

  authorizeRead(identity: ClientIdentity, db: DatabaseName, read: ClientRead): void {
    const ruleset = this.holder.forProject(db.project);
    if (!ruleset) return;
    const time = timestampFromMicros(this.engine.clock.now());
    const base = { auth: authOf(identity), time };
    if (read.kind === 'get') {
      const st = newState(this.access(db, undefined), LIMITS.accessCalls);
      const doc = this.database(db).get(read.path);
      const path = documentPath(db.database, read.path);
      const request = new RMap({ ...base, method: 'get', path });
      const vars = new Map<string, Value>([
        ['request', request],
        ['resource', doc ? resourceOf(db.database, doc) : null],
      ]);
      this.enforce(ruleset, identity, db, 'get', path.segments, vars, st);
      return;
    }
    const { plan } = read;
    const cases = proofCases(plan);
    const prefix = [
      'databases',
      db.database,
      'documents',
      ...(plan.parent === '' ? [] : plan.parent.split('/')),
    ];
    const segments = plan.allDescendants
      ? [...prefix, ANY_PARENTS, plan.collectionId ?? ANY_PARENTS, ANY_ID]
      : [...prefix, plan.collectionId ?? '', ANY_ID];
    const st = newState(this.access(db, undefined), LIMITS.accessCalls);
    if (cases instanceof RError) throw denied(`list: ${cases.message}`);
    const request = new RMap({
      ...base,
      method: 'list',
      path: documentPath(
        db.database,
        [...prefix.slice(3), plan.collectionId ?? '', '{id}'].join('/'),
      ),
      query: queryMap(plan),
    });
    for (const resource of cases) {
      const vars = new Map<string, Value>([
        ['request', request],
        ['resource', resource],
      ]);
      this.enforce(ruleset, identity, db, 'list', segments, vars, continueState(st));
    }
  }

  authorizeWrites(identity: ClientIdentity, db: DatabaseName, batch: WriteOverlay): void {
    const ruleset = this.holder.forProject(db.project);
    if (!ruleset) return;
    const writes = batch.applied.filter((w) => w.kind !== 'verify');
    const max = writes.length > 1 ? LIMITS.batchAccessCalls : LIMITS.accessCalls;
    let st = newState(this.access(db, batch), max);
    const time = timestampFromMicros(batch.commitMicros);
    for (const w of writes) {
      const before = batch.original(w.path);
      const method: RequestMethod = w.kind === 'delete' ? 'delete' : before ? 'update' : 'create';
      const path = documentPath(db.database, w.path);
      const request: Record<string, RValue> = { auth: authOf(identity), time, method, path };
      if (w.after) request['resource'] = resourceOf(db.database, w.after);
      const vars = new Map<string, Value>([
        ['request', new RMap(request)],
        ['resource', before ? resourceOf(db.database, before) : null],
      ]);
      this.enforce(ruleset, identity, db, method, path.segments, vars, st);
      st = continueState(st);
    }
  }

  private enforce(
    ruleset: Ruleset,
    identity: ClientIdentity,
    db: DatabaseName,
    method: RequestMethod,
    segments: readonly string[],
    variables: ReadonlyMap<string, Value>,
    st: EvalState,
  ): void {
    const decision = ruleset.decide({ method, path: segments, variables }, st.access, st);
    this.holder.record({
      ...decision,
      service: 'cloud.firestore',
      project: db.project,
      time: new Date().toISOString(),
      uid: identity.kind === 'user' ? identity.uid : null,
    });
    if (!decision.allowed) throw denied(decision.reason);
  }

  private database(db: DatabaseName) {
    return this.engine.store.database(databaseKey(db));
  }

  /** get() reads the database as it is; getAfter() as it would be after the batch. */
  private access(db: DatabaseName, batch: WriteOverlay | undefined): AccessProvider {
    return {
      get: (path, after) => {
        const at = documentOfPath(path);
        if (at instanceof RError) return at;
        const { docPath } = at;
        const target = { project: db.project, database: at.database };
        const doc =
          after && batch && target.database === db.database
            ? batch.peek(docPath)
            : (this.database(target).get(docPath) ?? null);
        return doc ? resourceOf(target.database, doc) : null;
      },
    };
  }
}

/** PERMISSION_DENIED as production words it, then what local-cloud knows about why. */
function denied(reason: string): RpcError {
  return new RpcError(status.PERMISSION_DENIED, `Missing or insufficient permissions. ${reason}`);
}

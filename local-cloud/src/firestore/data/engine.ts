import { aggregate, validateAggregations } from './aggregation.ts';
import { CommitClock } from './clock.ts';
import { Code, RpcError, aborted, failedPrecondition, invalid, notFound } from './errors.ts';
import { parseFieldPath, projectFields } from './field-path.ts';
import { checkIndexes } from './indexes.ts';
import type { IndexConfig } from './indexes.ts';
import {
  databaseKey,
  documentName,
  parseDatabase,
  parseDocumentName,
  parseParent,
} from './names.ts';
import type { DatabaseName } from './names.ts';
import { OpCounter } from './ops.ts';
import { projectDoc, runQuery } from './query.ts';
import { planQuery } from './query-plan.ts';
import type { QueryPlan } from './query-plan.ts';
import { Store } from './store.ts';
import type { Database } from './store.ts';
import { TransactionManager } from './transactions.ts';
import type { Transaction, TransactionTimeouts } from './transactions.ts';
import type { _google_firestore_v1_StructuredAggregationQuery_Aggregation__Output as Aggregation } from '../generated/google/firestore/v1/StructuredAggregationQuery.ts';
import type { Document__Output as Document } from '../generated/google/firestore/v1/Document.ts';
import type { StoredDoc } from './stored-doc.ts';
import type { StructuredQuery__Output as StructuredQuery } from '../generated/google/firestore/v1/StructuredQuery.ts';
import type { Timestamp__Output as Timestamp } from '../generated/google/protobuf/Timestamp.ts';
import type { TransactionOptions__Output as TransactionOptions } from '../generated/google/firestore/v1/TransactionOptions.ts';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';
import type { Write__Output as Write } from '../generated/google/firestore/v1/Write.ts';
import { compareSegments, microsFromTimestamp, timestampFromMicros } from './values.ts';
import { WriteOverlay, planWrite } from './writes.ts';
import type { Change, WriteResult } from './writes.ts';
import { logger } from '../../log.ts';

const log = logger('firestore');

export interface FirestoreChange {
  project: string;
  database: string;
  /** relative document path, e.g. 'users/u1' */
  path: string;
  before: Document | null;
  after: Document | null;
  updateTime: Timestamp;
}

/** Looks at a commit's writes, applied in an overlay but not yet stored, and throws to refuse. */
export type BatchCheck = (batch: WriteOverlay) => void;

/** One commit's effective changes (a write that changed nothing is absent), at its commit time. */
export type CommitListener = (
  db: DatabaseName,
  changes: readonly Change[],
  commitMicros: number,
) => void;

export interface ConsistencyRequest {
  transaction?: Uint8Array;
  newTransaction?: TransactionOptions;
  readTime?: Timestamp;
}

/** How one read request sees the data. */
interface ReadContext {
  /** snapshot time, or undefined for the latest data */
  atMicros: number | undefined;
  /** read-write transaction whose locks this read takes */
  lockingTx: Transaction | undefined;
  /** id to return when the request began a transaction */
  newTxId: Buffer | undefined;
  readTime: Timestamp;
}

/**
 * How far back reads at a read time reach: production serves reads at most one hour old (without
 * point-in-time recovery). Superseded versions and deleted documents are kept that long, no longer.
 */
export const READ_TIME_WINDOW_MS = 60 * 60 * 1000;

export function toDocument(
  db: DatabaseName,
  doc: StoredDoc,
  fields?: Record<string, Value>,
): Document {
  return {
    name: documentName(db, doc.path),
    fields: fields ?? doc.fields,
    createTime: timestampFromMicros(doc.createMicros),
    updateTime: timestampFromMicros(doc.updateMicros),
  };
}

/** The Firestore data plane, independent of gRPC: each method takes and returns proto shapes. */
export class FirestoreEngine {
  readonly store = new Store();
  readonly ops = new OpCounter();
  readonly clock = new CommitClock();
  readonly txs: TransactionManager;
  indexes: IndexConfig;
  strictIndexes: boolean;
  /** How far back reads at a read time, read-only snapshots and listen resumes reach. */
  readonly readTimeWindowMicros: number;
  private readonly listeners = new Set<(c: FirestoreChange) => void>();
  private readonly commitListeners = new Set<CommitListener>();

  constructor(
    indexes: IndexConfig,
    strictIndexes: boolean,
    timeouts: TransactionTimeouts,
    readTimeWindowMs = READ_TIME_WINDOW_MS,
  ) {
    this.indexes = indexes;
    this.strictIndexes = strictIndexes;
    this.txs = new TransactionManager(timeouts);
    this.readTimeWindowMicros = readTimeWindowMs * 1000;
  }

  /** The oldest time a read may be at now; history before it is forgotten. */
  oldestReadableMicros(): number {
    return this.clock.now() - this.readTimeWindowMicros;
  }

  /** Refuses a read at `micros` once its history is forgotten, in production's words. */
  private checkReadable(micros: number): void {
    if (micros < this.oldestReadableMicros())
      throw failedPrecondition('The requested snapshot version is too old.');
  }

  onChange(listener: (c: FirestoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every commit that changed something, whole and synchronously, before its caller hears back. */
  onCommit(listener: CommitListener): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  reset(): void {
    this.txs.clear();
    this.store.clear();
    this.ops.reset();
  }

  private db(name: DatabaseName): Database {
    return this.store.database(databaseKey(name));
  }

  private readContext(dbName: DatabaseName, req: ConsistencyRequest): ReadContext {
    const key = databaseKey(dbName);
    if (req.transaction && req.transaction.length > 0) {
      const tx = this.txs.get(req.transaction, key);
      const snapshot = tx.readOnly ? tx.readMicros : undefined;
      if (snapshot !== undefined) this.checkReadable(snapshot);
      return {
        atMicros: snapshot,
        lockingTx: tx.readOnly ? undefined : tx,
        newTxId: undefined,
        readTime: timestampFromMicros(tx.readMicros ?? this.clock.now()),
      };
    }
    if (req.newTransaction) {
      const tx = this.beginWith(key, req.newTransaction);
      return {
        atMicros: tx.readOnly ? tx.readMicros : undefined,
        lockingTx: tx.readOnly ? undefined : tx,
        newTxId: Buffer.from(tx.id, 'hex'),
        readTime: timestampFromMicros(tx.readMicros ?? this.clock.now()),
      };
    }
    if (req.readTime) {
      const micros = microsFromTimestamp(req.readTime);
      if (micros > this.clock.now()) throw invalid('read_time is in the future.');
      this.checkReadable(micros);
      return { atMicros: micros, lockingTx: undefined, newTxId: undefined, readTime: req.readTime };
    }
    return {
      atMicros: undefined,
      lockingTx: undefined,
      newTxId: undefined,
      readTime: timestampFromMicros(this.clock.now()),
    };
  }

  private beginWith(key: string, options: TransactionOptions): Transaction {
    if (options.readOnly) {
      const at = options.readOnly.readTime
        ? microsFromTimestamp(options.readOnly.readTime)
        : this.clock.now();
      this.checkReadable(at);
      return this.txs.begin(key, true, at);
    }
    return this.txs.begin(key, false, undefined, options.readWrite?.retryTransaction);
  }

  /** Reads one document under the read context, locking it for read-write transactions. */
  private async read(
    db: Database,
    ctx: ReadContext,
    path: string,
    dbKey: string,
  ): Promise<StoredDoc | undefined> {
    if (ctx.lockingTx) {
      await this.txs.lock(ctx.lockingTx, `${dbKey}\u0000${path}`);
      const doc = db.get(path);
      if (!ctx.lockingTx.readVersions.has(path))
        ctx.lockingTx.readVersions.set(path, doc?.updateMicros ?? 0);
      return doc;
    }
    return ctx.atMicros === undefined ? db.get(path) : db.getAt(path, ctx.atMicros);
  }

  async getDocument(req: {
    name?: string;
    mask?: { fieldPaths?: string[] };
    transaction?: Uint8Array;
    readTime?: Timestamp;
  }): Promise<Document> {
    const r = parseParentOfName(req.name ?? '');
    const path = parseDocumentName(req.name ?? '', r);
    const mask = req.mask ? (req.mask.fieldPaths ?? []).map(parseFieldPath) : undefined;
    const ctx = this.readContext(r, req);
    const doc = await this.read(this.db(r), ctx, path, databaseKey(r));
    this.ops.documentReads(1);
    if (!doc) throw notFound(`Document "${req.name ?? ''}" not found.`);
    return toDocument(r, doc, mask ? projectFields(doc.fields, mask) : undefined);
  }

  async batchGetDocuments(
    req: {
      database?: string;
      documents?: string[];
      mask?: { fieldPaths?: string[] };
    } & ConsistencyRequest,
  ): Promise<object[]> {
    const dbName = parseDatabase(req.database ?? '');
    const paths = (req.documents ?? []).map((n) => parseDocumentName(n, dbName));
    const mask = req.mask ? (req.mask.fieldPaths ?? []).map(parseFieldPath) : undefined;
    const ctx = this.readContext(dbName, req);
    const db = this.db(dbName);
    const out: object[] = [];
    const key = databaseKey(dbName);
    for (const path of paths) {
      const doc = await this.read(db, ctx, path, key);
      const response: Record<string, unknown> = { readTime: ctx.readTime };
      if (doc)
        response.found = toDocument(
          dbName,
          doc,
          mask ? projectFields(doc.fields, mask) : undefined,
        );
      else response.missing = documentName(dbName, path);
      out.push(response);
    }
    this.ops.documentReads(paths.length);
    if (ctx.newTxId) {
      if (out.length === 0) out.push({ transaction: ctx.newTxId, readTime: ctx.readTime });
      else (out[0] as Record<string, unknown>).transaction = ctx.newTxId;
    }
    return out;
  }

  beginTransaction(req: { database?: string; options?: TransactionOptions }): {
    transaction: Buffer;
  } {
    const dbName = parseDatabase(req.database ?? '');
    const tx = this.beginWith(databaseKey(dbName), req.options ?? { readWrite: {} });
    return { transaction: Buffer.from(tx.id, 'hex') };
  }

  rollback(req: { database?: string; transaction?: Uint8Array }): object {
    const dbName = parseDatabase(req.database ?? '');
    if (!req.transaction || req.transaction.length === 0) throw invalid('Missing transaction.');
    const tx = this.txs.get(req.transaction, databaseKey(dbName));
    this.txs.finish(tx);
    return {};
  }

  /**
   * Commits atomically. `check`, when given, sees the whole batch applied in an overlay at the
   * commit time and may refuse it by throwing; nothing is written then.
   */
  async commit(
    req: { database?: string; writes?: Write[]; transaction?: Uint8Array },
    check?: BatchCheck,
  ): Promise<{
    writeResults: WriteResult[];
    commitTime: Timestamp;
  }> {
    const dbName = parseDatabase(req.database ?? '');
    const key = databaseKey(dbName);
    const writes = req.writes ?? [];
    const planned = writes.map((w) => planWrite(w, dbName));
    let tx: Transaction | undefined;
    if (req.transaction && req.transaction.length > 0) {
      tx = this.txs.get(req.transaction, key);
      try {
        if (tx.readOnly && writes.length > 0)
          throw invalid('Cannot commit writes in a read-only transaction.');
        for (const p of planned) await this.txs.lock(tx, `${key}\u0000${p.path}`);
        const db = this.db(dbName);
        for (const [path, version] of tx.readVersions) {
          if ((db.get(path)?.updateMicros ?? 0) !== version)
            throw aborted(
              'Transaction aborted: a document it read was modified by a concurrent write.',
            );
        }
        if (tx.abortReason !== undefined) throw aborted(tx.abortReason);
        if (tx.expired)
          throw invalid('The referenced transaction has expired or is no longer valid.');
        return this.applyWrites(dbName, writes, check);
      } finally {
        this.txs.finish(tx);
      }
    }
    return this.applyWrites(dbName, writes, check);
  }

  /** Applies writes atomically (all or nothing) at one commit time and publishes the changes. */
  private applyWrites(
    dbName: DatabaseName,
    writes: Write[],
    check?: BatchCheck,
  ): { writeResults: WriteResult[]; commitTime: Timestamp } {
    const commitMicros = this.clock.next();
    const overlay = new WriteOverlay(this.db(dbName), commitMicros);
    const writeResults = writes.map((w) => overlay.write(w, dbName));
    check?.(overlay);
    const changes = overlay.apply();
    // Each commit forgets what fell out of the window since the last one: O(1) per version, so
    // the history stays one window of writes however long the server runs.
    this.store.forgetHistoryUntil(commitMicros - this.readTimeWindowMicros);
    this.countWrites(writes);
    this.publish(dbName, changes, commitMicros);
    return { writeResults, commitTime: timestampFromMicros(commitMicros) };
  }

  private countWrites(writes: Write[]): void {
    const deletes = writes.filter((w) => w.delete !== undefined).length;
    const verifies = writes.filter((w) => w.verify !== undefined).length;
    this.ops.deletes(deletes);
    this.ops.writes(writes.length - deletes - verifies);
  }

  batchWrite(
    req: { database?: string; writes?: Write[] },
    check?: BatchCheck,
  ): {
    writeResults: object[];
    status: object[];
  } {
    const dbName = parseDatabase(req.database ?? '');
    const writes = req.writes ?? [];
    const seen = new Set<string>();
    for (const w of writes) {
      const { path } = planWrite(w, dbName);
      if (seen.has(path)) throw invalid(`BatchWrite has more than one write to '${path}'.`);
      seen.add(path);
    }
    const writeResults: object[] = [];
    const statuses: object[] = [];
    for (const w of writes) {
      try {
        const r = this.applyWrites(dbName, [w], check);
        writeResults.push(r.writeResults[0] ?? {});
        statuses.push({ code: Code.OK });
      } catch (e) {
        const err = e instanceof RpcError ? e : new RpcError(Code.INTERNAL, String(e));
        writeResults.push({});
        statuses.push({ code: err.code, message: err.message });
      }
    }
    return { writeResults, status: statuses };
  }

  private publish(dbName: DatabaseName, changes: Change[], commitMicros: number): void {
    if (changes.length > 0) {
      for (const l of this.commitListeners) {
        try {
          l(dbName, changes, commitMicros);
        } catch (e) {
          log.error('a commit listener failed', e);
        }
      }
    }
    if (this.listeners.size === 0) return;
    const updateTime = timestampFromMicros(commitMicros);
    for (const c of changes) {
      const event: FirestoreChange = {
        project: dbName.project,
        database: dbName.database,
        path: c.path,
        before: c.before ? toDocument(dbName, c.before) : null,
        after: c.after ? toDocument(dbName, c.after) : null,
        updateTime,
      };
      for (const l of this.listeners) {
        try {
          l(event);
        } catch (e) {
          log.error('a change listener failed', e);
        }
      }
    }
  }

  private plan(
    parent: string,
    q: StructuredQuery | undefined,
  ): { dbName: DatabaseName; plan: QueryPlan } {
    if (!q) throw invalid('Missing structured query.');
    const dbName = parseParent(parent);
    const plan = planQuery(q, parent, dbName);
    if (this.strictIndexes) checkIndexes(plan, this.indexes);
    return { dbName, plan };
  }

  /** Runs a query; read-write transactions lock every result and re-check until stable. */
  private async execute(
    dbName: DatabaseName,
    plan: QueryPlan,
    ctx: ReadContext,
  ): Promise<{ docs: StoredDoc[]; skipped: number }> {
    const db = this.db(dbName);
    if (!ctx.lockingTx) return runQuery(db, dbName, plan, ctx.atMicros);
    const key = databaseKey(dbName);
    for (let attempt = 0; ; attempt++) {
      const result = runQuery(db, dbName, plan);
      const unlocked = result.docs.filter(
        (d) => !ctx.lockingTx?.locks.has(`${key}\u0000${d.path}`),
      );
      if (unlocked.length === 0 || attempt >= 5) {
        for (const d of result.docs) await this.read(db, ctx, d.path, key);
        return runQuery(db, dbName, plan);
      }
      for (const d of unlocked) await this.read(db, ctx, d.path, key);
    }
  }

  async runQuery(
    req: { parent?: string; structuredQuery?: StructuredQuery } & ConsistencyRequest,
  ): Promise<object[]> {
    const { dbName, plan } = this.plan(req.parent ?? '', req.structuredQuery);
    const ctx = this.readContext(dbName, req);
    const { docs, skipped } = await this.execute(dbName, plan, ctx);
    this.ops.queryReads(docs.length + skipped);
    const out: object[] = docs.map((d) => ({
      document: toDocument(dbName, d, projectDoc(d, plan.projection)),
      readTime: ctx.readTime,
    }));
    if (out.length === 0) out.push({ readTime: ctx.readTime });
    if (ctx.newTxId) (out[0] as Record<string, unknown>).transaction = ctx.newTxId;
    return out;
  }

  async runAggregationQuery(
    req: {
      parent?: string;
      structuredAggregationQuery?: {
        structuredQuery?: StructuredQuery;
        aggregations?: Aggregation[];
      };
    } & ConsistencyRequest,
  ): Promise<object[]> {
    const aq = req.structuredAggregationQuery;
    const aggregations = aq?.aggregations ?? [];
    validateAggregations(aggregations);
    const { dbName, plan } = this.plan(req.parent ?? '', aq?.structuredQuery);
    const ctx = this.readContext(dbName, req);
    const { docs } = await this.execute(dbName, plan, ctx);
    this.ops.aggregationReads(docs.length);
    const response: Record<string, unknown> = {
      result: { aggregateFields: aggregate(aggregations, docs) },
      readTime: ctx.readTime,
    };
    if (ctx.newTxId) response.transaction = ctx.newTxId;
    return [response];
  }

  listCollectionIds(req: {
    parent?: string;
    pageSize?: number;
    pageToken?: string;
    readTime?: Timestamp;
  }): {
    collectionIds: string[];
    nextPageToken: string;
  } {
    const parent = parseParent(req.parent ?? '');
    const ids = [...(this.db(parent).descendants.get(parent.path)?.keys() ?? [])].sort(
      compareSegments,
    );
    const start = req.pageToken
      ? ids.findIndex((id) => compareSegments(id, req.pageToken ?? '') > 0)
      : 0;
    const from = start < 0 ? ids.length : start;
    const size = req.pageSize && req.pageSize > 0 ? req.pageSize : ids.length;
    const page = ids.slice(from, from + size);
    this.ops.documentReads(1);
    const more = from + size < ids.length;
    return { collectionIds: page, nextPageToken: more ? (page.at(-1) ?? '') : '' };
  }

  listDocuments(req: {
    parent?: string;
    collectionId?: string;
    pageSize?: number;
    pageToken?: string;
    mask?: { fieldPaths?: string[] };
    showMissing?: boolean;
  }): { documents: Document[]; nextPageToken: string } {
    const parent = parseParent(req.parent ?? '');
    if (!req.collectionId) throw invalid('ListDocuments needs a collection id.');
    const db = this.db(parent);
    const col = (parent.path === '' ? '' : parent.path + '/') + req.collectionId;
    const ids = new Set<string>();
    for (const path of db.collectionDocs(col)) ids.add(path.slice(col.length + 1));
    if (req.showMissing) {
      for (const p of db.descendants.keys()) {
        if (p.startsWith(col + '/') && !p.slice(col.length + 1).includes('/'))
          ids.add(p.slice(col.length + 1));
      }
    }
    let sorted = [...ids].sort(compareSegments);
    if (req.pageToken) {
      const token = Buffer.from(req.pageToken, 'base64url').toString('utf8');
      sorted = sorted.filter((id) => compareSegments(id, token) > 0);
    }
    const size = req.pageSize && req.pageSize > 0 ? req.pageSize : sorted.length;
    const page = sorted.slice(0, size);
    const mask = req.mask ? (req.mask.fieldPaths ?? []).map(parseFieldPath) : undefined;
    const documents = page.map((id): Document => {
      const path = `${col}/${id}`;
      const doc = db.get(path);
      if (!doc) return { name: documentName(parent, path) };
      return toDocument(parent, doc, mask ? projectFields(doc.fields, mask) : undefined);
    });
    this.ops.queryReads(documents.length);
    const last = page.at(-1);
    return {
      documents,
      nextPageToken:
        sorted.length > size && last !== undefined ? Buffer.from(last).toString('base64url') : '',
    };
  }
}

function parseParentOfName(name: string): DatabaseName {
  const m = /^projects\/([^/]+)\/databases\/([^/]+)\//.exec(name);
  if (!m?.[1] || !m[2]) throw invalid(`Invalid document name '${name}'.`);
  return { project: m[1], database: m[2] };
}

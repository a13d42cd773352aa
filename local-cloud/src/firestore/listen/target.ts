import { invalid } from '../data/errors.ts';
import { checkIndexes } from '../data/indexes.ts';
import type { IndexConfig } from '../data/indexes.ts';
import { collectionIdOf, collectionOf, parseDocumentName, parseParent } from '../data/names.ts';
import type { DatabaseName } from '../data/names.ts';
import { matchesPlan, runQuery } from '../data/query.ts';
import { planQuery } from '../data/query-plan.ts';
import type { QueryPlan } from '../data/query-plan.ts';
import type { Database } from '../data/store.ts';
import type { StoredDoc } from '../data/stored-doc.ts';
import type { Target__Output as TargetProto } from '../generated/google/firestore/v1/Target.ts';

export type TargetSpec =
  | { readonly kind: 'documents'; readonly paths: readonly string[] }
  | { readonly kind: 'query'; readonly plan: QueryPlan };

/** Validates a target's query or documents like RunQuery and BatchGetDocuments would. */
export function parseTargetSpec(
  proto: TargetProto,
  db: DatabaseName,
  indexes: IndexConfig | undefined,
): TargetSpec {
  if (proto.documents && proto.query) throw invalid('A target is either a query or documents.');
  if (proto.documents) {
    const names = proto.documents.documents ?? [];
    if (names.length === 0) throw invalid('A documents target names at least one document.');
    return { kind: 'documents', paths: [...new Set(names.map((n) => parseDocumentName(n, db)))] };
  }
  if (proto.query) {
    const parent = proto.query.parent ?? '';
    parseParent(parent, db);
    if (!proto.query.structuredQuery) throw invalid('A query target needs a structured query.');
    const plan = planQuery(proto.query.structuredQuery, parent, db);
    if (indexes) checkIndexes(plan, indexes);
    return { kind: 'query', plan };
  }
  throw invalid('A target needs a query or documents.');
}

/**
 * One listener's target on one stream: what it selects, and which documents the client has been
 * told are in it (so each commit sends only what changed for it).
 */
export class ListenTarget {
  /** paths of the documents the client holds for this target */
  docs = new Set<string>();
  /**
   * A query with a limit or offset must be re-run when a document it holds changes or leaves,
   * since another document may move into the window; every other target decides one document at
   * a time.
   */
  readonly windowed: boolean;

  readonly id: number;
  readonly db: DatabaseName;
  readonly spec: TargetSpec;
  readonly once: boolean;

  constructor(id: number, db: DatabaseName, spec: TargetSpec, once: boolean) {
    this.id = id;
    this.db = db;
    this.spec = spec;
    this.once = once;
    this.windowed =
      spec.kind === 'query' && (spec.plan.limit !== undefined || spec.plan.offset > 0);
  }

  /** Keys of the index buckets whose changes can affect this target (see TargetIndex). */
  indexKeys(): string[] {
    if (this.spec.kind === 'documents') return this.spec.paths.map((p) => `doc\u0000${p}`);
    const { plan } = this.spec;
    if (!plan.allDescendants) {
      const prefix = plan.parent === '' ? '' : `${plan.parent}/`;
      return [`col\u0000${prefix}${plan.collectionId ?? ''}`];
    }
    return plan.collectionId === undefined ? ['all'] : [`group\u0000${plan.collectionId}`];
  }

  /** Whether `doc` belongs to the target (for windowed queries: before the window is applied). */
  accepts(doc: StoredDoc): boolean {
    if (this.spec.kind === 'documents') return this.spec.paths.includes(doc.path);
    return matchesPlan(doc, this.db, this.spec.plan);
  }

  /** The target's documents now, or at `atMicros`. */
  evaluate(db: Database, atMicros?: number): StoredDoc[] {
    if (this.spec.kind === 'query') return runQuery(db, this.db, this.spec.plan, atMicros).docs;
    const docs: StoredDoc[] = [];
    for (const path of this.spec.paths) {
      const doc = atMicros === undefined ? db.get(path) : db.getAt(path, atMicros);
      if (doc) docs.push(doc);
    }
    return docs;
  }
}

/** The index keys a change to the document at `path` can touch. */
export function keysForPath(path: string): string[] {
  return [
    `doc\u0000${path}`,
    `col\u0000${collectionOf(path)}`,
    `group\u0000${collectionIdOf(path)}`,
    'all',
  ];
}

import { getField, parseFieldPath } from './field-path.ts';
import { collectionIdOf, collectionOf, parentOf } from './names.ts';
import { SortedArray } from './sorted.ts';
import { valueKey } from './value-key.ts';
import { compareSegments } from './values.ts';
import type { StoredDoc } from './stored-doc.ts';
import { VersionHistory } from './version-history.ts';

type EqualityIndex = Map<string, Set<string>>;

/**
 * One database's documents: a map by path, an id-ordered list per collection, ancestor counts for
 * listing collections and "missing" parents, lazily built equality indexes per collection group,
 * and recent history for reads in the past.
 */
export class Database {
  readonly docs = new Map<string, StoredDoc>();
  /** collection path -> ordered document ids */
  readonly collections = new Map<string, SortedArray<string>>();
  /** collection id -> collection paths with that id */
  readonly groups = new Map<string, Set<string>>();
  /** parent document path ('' for root) -> collection id -> number of documents below it */
  readonly descendants = new Map<string, Map<string, number>>();
  /** Superseded versions, forgotten once older than reads may reach (Store.forgetHistoryUntil). */
  readonly history = new VersionHistory();
  /** collection id -> field path -> value key -> document paths */
  private readonly eqIndexes = new Map<string, Map<string, EqualityIndex>>();

  get(path: string): StoredDoc | undefined {
    return this.docs.get(path);
  }

  /** The version visible at `micros` (undefined when missing then). */
  getAt(path: string, micros: number): StoredDoc | undefined {
    const current = this.docs.get(path);
    if (current && current.updateMicros <= micros) return current;
    return this.history.at(path, micros);
  }

  /** Paths with history, for queries in the past that must also see since-deleted documents. */
  historyPaths(): Iterable<string> {
    return this.history.paths();
  }

  put(doc: StoredDoc, commitMicros: number): void {
    const before = this.docs.get(doc.path);
    if (before) {
      this.history.remember(before, commitMicros);
      this.unindex(before);
    } else {
      this.link(doc.path);
    }
    this.docs.set(doc.path, doc);
    this.index(doc);
  }

  delete(path: string, commitMicros: number): void {
    const before = this.docs.get(path);
    if (!before) return;
    this.history.remember(before, commitMicros);
    this.unindex(before);
    this.docs.delete(path);
    this.unlink(path);
  }

  private link(path: string): void {
    const col = collectionOf(path);
    const id = path.slice(col.length + 1);
    let ids = this.collections.get(col);
    if (!ids) {
      ids = new SortedArray<string>(compareSegments);
      this.collections.set(col, ids);
      const gid = collectionIdOf(path);
      let group = this.groups.get(gid);
      if (!group) {
        group = new Set();
        this.groups.set(gid, group);
      }
      group.add(col);
    }
    ids.insert(id);
    this.forAncestors(path, (parent, cid) => {
      let m = this.descendants.get(parent);
      if (!m) {
        m = new Map();
        this.descendants.set(parent, m);
      }
      m.set(cid, (m.get(cid) ?? 0) + 1);
    });
  }

  private unlink(path: string): void {
    const col = collectionOf(path);
    const ids = this.collections.get(col);
    if (ids) {
      ids.delete(path.slice(col.length + 1));
      if (ids.size === 0) {
        this.collections.delete(col);
        const gid = collectionIdOf(path);
        this.groups.get(gid)?.delete(col);
        if (this.groups.get(gid)?.size === 0) this.groups.delete(gid);
      }
    }
    this.forAncestors(path, (parent, cid) => {
      const m = this.descendants.get(parent);
      if (!m) return;
      const n = (m.get(cid) ?? 0) - 1;
      if (n > 0) m.set(cid, n);
      else m.delete(cid);
      if (m.size === 0) this.descendants.delete(parent);
    });
  }

  private forAncestors(path: string, fn: (parent: string, collectionId: string) => void): void {
    let p = path;
    while (p !== '') {
      const parent = parentOf(p);
      fn(parent, collectionIdOf(p));
      p = parent;
    }
  }

  /** Document paths of one collection, in id order. */
  *collectionDocs(collectionPath: string): Generator<string> {
    const ids = this.collections.get(collectionPath);
    if (!ids) return;
    for (const id of ids.items) yield `${collectionPath}/${id}`;
  }

  /**
   * Paths of documents in collection group `collectionId` with `field` equal to the value whose
   * key is `key`. The index is built on first use and maintained on every write afterwards.
   */
  equalityLookup(collectionId: string, field: string, key: string): ReadonlySet<string> {
    let byField = this.eqIndexes.get(collectionId);
    if (!byField) {
      byField = new Map();
      this.eqIndexes.set(collectionId, byField);
    }
    let index = byField.get(field);
    if (!index) {
      index = new Map();
      byField.set(field, index);
      const segments = parseFieldPath(field);
      for (const col of this.groups.get(collectionId) ?? []) {
        for (const path of this.collectionDocs(col)) {
          const doc = this.docs.get(path);
          if (doc) addTo(index, segments, doc);
        }
      }
    }
    return index.get(key) ?? EMPTY;
  }

  private index(doc: StoredDoc): void {
    const byField = this.eqIndexes.get(collectionIdOf(doc.path));
    if (!byField) return;
    for (const [field, index] of byField) addTo(index, parseFieldPath(field), doc);
  }

  private unindex(doc: StoredDoc): void {
    const byField = this.eqIndexes.get(collectionIdOf(doc.path));
    if (!byField) return;
    for (const [field, index] of byField) {
      const v = getField(doc.fields, parseFieldPath(field));
      if (v === undefined) continue;
      const key = valueKey(v);
      const set = index.get(key);
      set?.delete(doc.path);
      if (set?.size === 0) index.delete(key);
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function addTo(index: EqualityIndex, segments: string[], doc: StoredDoc): void {
  const v = getField(doc.fields, segments);
  if (v === undefined) return;
  const key = valueKey(v);
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(doc.path);
}

/** All databases of all projects, created on first use as production's emulator does. */
export class Store {
  readonly databases = new Map<string, Database>();

  database(key: string): Database {
    let db = this.databases.get(key);
    if (!db) {
      db = new Database();
      this.databases.set(key, db);
    }
    return db;
  }

  clear(): void {
    this.databases.clear();
  }

  /** Forgets, in every database, the versions no read at `horizonMicros` or later can see. */
  forgetHistoryUntil(horizonMicros: number): void {
    for (const db of this.databases.values()) db.history.forgetUntil(horizonMicros);
  }

  /** Drops one database's documents, as the Emulator Suite's `DELETE …/documents` does. */
  clearDatabase(key: string): void {
    this.databases.delete(key);
  }
}

// The superseded versions of one database's documents, kept for reads in the past (a read time, a
// read-only transaction's snapshot, a resumed listener) for as long as such reads may reach back.
// Versions leave in the order they were superseded, through one queue for the whole database, so
// a document deleted once (an inbox entry, a rate-limit window, an event marker) leaves as surely
// as one written all day, and forgetting costs O(1) per version, never a scan of the documents.
import type { StoredDoc } from './stored-doc.ts';

interface PastVersion {
  readonly doc: StoredDoc;
  /** The commit that replaced or deleted this version. */
  readonly untilMicros: number;
}

/** The queue's forgotten head is cut off once it is this long and over half the queue. */
const COMPACT_AFTER = 1024;

export class VersionHistory {
  private readonly byPath = new Map<string, PastVersion[]>();
  /**
   * Every kept version, in the order it was superseded, from `head` on. Each path's own list is in
   * the same order, so the queue's head is always the head of its path's list.
   */
  private queue: (PastVersion | undefined)[] = [];
  private head = 0;

  /** Versions kept, over every document. */
  get size(): number {
    return this.queue.length - this.head;
  }

  /** Keeps `doc`, replaced or deleted by the commit at `untilMicros`. */
  remember(doc: StoredDoc, untilMicros: number): void {
    const version = { doc, untilMicros };
    const past = this.byPath.get(doc.path);
    if (past) past.push(version);
    else this.byPath.set(doc.path, [version]);
    this.queue.push(version);
  }

  /**
   * Forgets every version superseded at or before `horizonMicros`. Reads at `horizonMicros` or
   * later never needed them, so they stay exact.
   */
  forgetUntil(horizonMicros: number): void {
    while (this.head < this.queue.length) {
      const oldest = this.queue[this.head];
      if (oldest === undefined || oldest.untilMicros > horizonMicros) break;
      this.queue[this.head++] = undefined;
      const past = this.byPath.get(oldest.doc.path);
      past?.shift();
      if (past?.length === 0) this.byPath.delete(oldest.doc.path);
    }
    if (this.head >= COMPACT_AFTER && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** The kept version of `path` visible at `micros`, if one was superseded after it. */
  at(path: string, micros: number): StoredDoc | undefined {
    const past = this.byPath.get(path);
    if (!past) return undefined;
    for (let i = past.length - 1; i >= 0; i--) {
      const v = past[i];
      if (v && v.doc.updateMicros <= micros && micros < v.untilMicros) return v.doc;
    }
    return undefined;
  }

  /** Every kept version, oldest superseded first (to weigh what the history holds). */
  *versions(): Generator<StoredDoc> {
    for (let i = this.head; i < this.queue.length; i++) {
      const version = this.queue[i];
      if (version) yield version.doc;
    }
  }

  /** Paths with kept versions, for queries in the past that must also see since-deleted ones. */
  paths(): Iterable<string> {
    return this.byPath.keys();
  }
}

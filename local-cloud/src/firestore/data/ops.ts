/** Billable operations, counted with production's rules (see README of this folder). */
export interface OpCounts {
  reads: number;
  writes: number;
  deletes: number;
}

export class OpCounter {
  private counts: OpCounts = { reads: 0, writes: 0, deletes: 0 };

  /** Point reads bill one read per requested document, found or not. */
  documentReads(n: number): void {
    this.counts.reads += n;
  }

  /** Queries bill the returned and offset-skipped documents, with a minimum of one read. */
  queryReads(n: number): void {
    this.counts.reads += Math.max(1, n);
  }

  /** Aggregations bill one read per 1,000 index entries matched, with a minimum of one. */
  aggregationReads(indexEntries: number): void {
    this.counts.reads += Math.max(1, Math.ceil(indexEntries / 1000));
  }

  writes(n: number): void {
    this.counts.writes += n;
  }

  deletes(n: number): void {
    this.counts.deletes += n;
  }

  get(): OpCounts {
    return { ...this.counts };
  }

  reset(): void {
    this.counts = { reads: 0, writes: 0, deletes: 0 };
  }
}

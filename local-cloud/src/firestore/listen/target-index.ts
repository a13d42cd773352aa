import { databaseKey } from '../data/names.ts';
import type { DatabaseName } from '../data/names.ts';
import { keysForPath } from './target.ts';
import type { ListenTarget } from './target.ts';

/**
 * Every open target, bucketed by what can change it: a document path, a collection path, a
 * collection id (collection groups) or the whole database (kindless queries). A commit looks up
 * four buckets per changed document instead of testing every target, so a commit that no listener
 * cares about costs a few map lookups however many listeners are open.
 */
export class TargetIndex<T extends ListenTarget> {
  private readonly buckets = new Map<string, Set<T>>();
  private count = 0;

  add(target: T): void {
    this.count++;
    for (const key of this.keys(target)) {
      let bucket = this.buckets.get(key);
      if (!bucket) {
        bucket = new Set();
        this.buckets.set(key, bucket);
      }
      bucket.add(target);
    }
  }

  remove(target: T): void {
    this.count--;
    for (const key of this.keys(target)) {
      const bucket = this.buckets.get(key);
      bucket?.delete(target);
      if (bucket?.size === 0) this.buckets.delete(key);
    }
  }

  /** Targets a change to `path` may affect (collection-group and kindless ones checked by scope). */
  *affectedBy(db: DatabaseName, path: string): Generator<T> {
    const dbKey = databaseKey(db);
    for (const key of keysForPath(path)) {
      const bucket = this.buckets.get(`${dbKey}\u0000${key}`);
      if (!bucket) continue;
      for (const target of bucket) {
        if (target.spec.kind === 'query' && target.spec.plan.allDescendants) {
          const parent = target.spec.plan.parent;
          if (parent !== '' && !path.startsWith(`${parent}/`)) continue;
        }
        yield target;
      }
    }
  }

  /** Open targets. */
  get size(): number {
    return this.count;
  }

  private keys(target: T): string[] {
    const dbKey = databaseKey(target.db);
    return target.indexKeys().map((k) => `${dbKey}\u0000${k}`);
  }
}

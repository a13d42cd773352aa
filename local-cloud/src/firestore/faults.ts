import type { status } from '@grpc/grpc-js';
import { RpcError } from './data/errors.ts';

export type FirestoreMethod =
  | 'GetDocument'
  | 'BatchGetDocuments'
  | 'Commit'
  | 'BeginTransaction'
  | 'Rollback'
  | 'RunQuery'
  | 'RunAggregationQuery'
  | 'BatchWrite'
  | 'ListCollectionIds'
  | 'ListDocuments';

interface Fault {
  code: status;
  remaining: number;
  skip: number;
}

/** Scripted failures: "fail the k-th call of method M with code C", for retry tests. */
export class FaultInjector {
  private readonly faults = new Map<string, Fault[]>();

  failNext(method: FirestoreMethod, code: status, count = 1, afterCalls = 0): void {
    const list = this.faults.get(method) ?? [];
    list.push({ code, remaining: count, skip: afterCalls });
    this.faults.set(method, list);
  }

  /** Called once per incoming call; throws when a scripted fault applies. */
  check(method: string): void {
    const list = this.faults.get(method);
    const fault = list?.[0];
    if (!list || !fault) return;
    if (fault.skip > 0) {
      fault.skip--;
      return;
    }
    fault.remaining--;
    if (fault.remaining <= 0) list.shift();
    throw new RpcError(fault.code, `Injected fault on ${method} (local-cloud failNext).`);
  }

  clear(): void {
    this.faults.clear();
  }
}

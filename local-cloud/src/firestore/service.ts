import { Metadata, status } from '@grpc/grpc-js';
import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { FirestoreEngine } from './engine.ts';
import { RpcError } from './errors.ts';
import type { FaultInjector } from './faults.ts';
import { firestoreProtos } from './protos.ts';

/** google.firestore.v1.Firestore, with the client SDKs' fields (see protos.ts). */
export function loadFirestoreService(): ServiceDefinition {
  return firestoreProtos().service;
}

interface AnyCall {
  request: unknown;
  getPath?: () => string;
}
type UnaryCallback = (error: { code: status; details: string } | null, value?: unknown) => void;
interface StreamCall extends AnyCall {
  write(message: unknown): boolean;
  sendMetadata(metadata: Metadata): void;
  end(): void;
  emit(event: 'error', error: { code: status; details: string }): boolean;
}

function toStatus(e: unknown): { code: status; details: string; message: string } {
  if (e instanceof RpcError) return { code: e.code, details: e.message, message: e.message };
  console.error('local-cloud firestore: internal error', e);
  const message = `Internal error: ${e instanceof Error ? e.message : String(e)}`;
  return { code: status.INTERNAL, details: message, message };
}

/** gRPC handlers: each call is checked for injected faults and answers with a status, never throws. */
export function firestoreHandlers(
  engine: FirestoreEngine,
  faults: FaultInjector,
): UntypedServiceImplementation {
  const unary =
    (method: string, fn: (req: never) => unknown) =>
    (call: AnyCall, callback: UnaryCallback): void => {
      void (async () => {
        try {
          faults.check(method);
          const result = await fn(call.request as never);
          callback(null, result);
        } catch (e) {
          callback(toStatus(e));
        }
      })();
    };
  const streaming =
    (method: string, fn: (req: never) => Promise<object[]>) =>
    (call: StreamCall): void => {
      // Headers go out first, as production sends them: the SDK's stream layer re-sends a request
      // whose error arrives before any response headers, which would repeat every failing call.
      call.sendMetadata(new Metadata());
      void (async () => {
        try {
          faults.check(method);
          const results = await fn(call.request as never);
          for (const r of results) call.write(r);
          call.end();
        } catch (e) {
          call.emit('error', toStatus(e));
        }
      })();
    };
  const unimplemented =
    (method: string) =>
    (call: AnyCall, callback?: UnaryCallback): void => {
      const err = {
        code: status.UNIMPLEMENTED,
        details: `local-cloud Firestore does not implement ${method}.`,
      };
      if (typeof callback === 'function') callback(err);
      else (call as StreamCall).emit('error', err);
    };

  return {
    GetDocument: unary('GetDocument', (r) => engine.getDocument(r)),
    BatchGetDocuments: streaming('BatchGetDocuments', (r) => engine.batchGetDocuments(r)),
    Commit: unary('Commit', (r) => engine.commit(r)),
    BeginTransaction: unary('BeginTransaction', (r) => engine.beginTransaction(r)),
    Rollback: unary('Rollback', (r) => engine.rollback(r)),
    RunQuery: streaming('RunQuery', (r) => engine.runQuery(r)),
    RunAggregationQuery: streaming('RunAggregationQuery', (r) => engine.runAggregationQuery(r)),
    BatchWrite: unary('BatchWrite', (r) => engine.batchWrite(r)),
    ListCollectionIds: unary('ListCollectionIds', (r) => engine.listCollectionIds(r)),
    ListDocuments: unary('ListDocuments', (r) => engine.listDocuments(r)),
    UpdateDocument: unimplemented('UpdateDocument'),
    DeleteDocument: unimplemented('DeleteDocument'),
    CreateDocument: unimplemented('CreateDocument'),
    PartitionQuery: unimplemented('PartitionQuery'),
    ExecutePipeline: unimplemented('ExecutePipeline'),
    Write: unimplemented('Write'),
    Listen: unimplemented('Listen'),
  };
}

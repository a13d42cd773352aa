import { createRequire } from 'node:module';
import path from 'node:path';
import { Metadata, status } from '@grpc/grpc-js';
import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_OPTIONS } from '../net/grpc.ts';
import type { GrpcObject } from '@grpc/grpc-js';
import { loadPackageDefinition } from '@grpc/grpc-js';
import type { FirestoreEngine } from './engine.ts';
import { RpcError } from './errors.ts';
import type { FaultInjector } from './faults.ts';

/** Loads google.firestore.v1.Firestore from the protos shipped in @google-cloud/firestore. */
export function loadFirestoreService(): ServiceDefinition {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@google-cloud/firestore/package.json');
  const protos = path.join(path.dirname(pkg), 'build', 'protos');
  const definition = loadSync('google/firestore/v1/firestore.proto', {
    includeDirs: [protos],
    ...PROTO_OPTIONS,
  });
  const grpcObject = loadPackageDefinition(definition) as unknown as {
    google: { firestore: { v1: { Firestore: { service: ServiceDefinition } } } };
  } & GrpcObject;
  return grpcObject.google.firestore.v1.Firestore.service;
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

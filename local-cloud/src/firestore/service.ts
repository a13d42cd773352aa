import { Metadata, status } from '@grpc/grpc-js';
import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import type {
  BidiMethod,
  FirestoreFrontend,
  ServerStreamingMethod,
  StreamSink,
  UnaryMethod,
} from './client/frontend.ts';
import { identityFromAuthorization } from './client/identity.ts';
import type { ClientIdentity } from './client/identity.ts';
import { Code, RpcError } from './data/errors.ts';
import { firestoreProtos } from './protos.ts';
import { logger } from '../log.ts';

const log = logger('firestore');

/** google.firestore.v1.Firestore, with the client SDKs' fields (see protos.ts). */
export function loadFirestoreService(): ServiceDefinition {
  return firestoreProtos().service;
}

type GrpcError = { code: Code; details: string; message: string };

interface AnyCall {
  request: unknown;
  metadata: Metadata;
}
type UnaryCallback = (error: GrpcError | null, value?: unknown) => void;
interface StreamCall extends AnyCall {
  write(message: unknown): boolean;
  sendMetadata(metadata: Metadata): void;
  end(): void;
  emit(event: 'error', error: GrpcError): boolean;
  on(event: 'data', listener: (message: object) => void): this;
  on(event: 'end' | 'cancelled' | 'close', listener: () => void): this;
  on(event: 'error', listener: (e: unknown) => void): this;
}

export function toStatus(e: unknown): GrpcError {
  if (e instanceof RpcError) return { code: e.code, details: e.message, message: e.message };
  log.error('internal error', e);
  const message = `Internal error: ${e instanceof Error ? e.message : String(e)}`;
  return { code: Code.INTERNAL, details: message, message };
}

/** Who called: the `authorization` metadata, as the SDKs send it over gRPC. */
function identityOf(call: AnyCall): ClientIdentity {
  const value = call.metadata.get('authorization')[0];
  return identityFromAuthorization(typeof value === 'string' ? value : value?.toString('utf8'));
}

/** gRPC handlers over the front end: every call answers with a status and never throws. */
export function firestoreHandlers(frontend: FirestoreFrontend): UntypedServiceImplementation {
  const unary =
    (method: UnaryMethod) =>
    (call: AnyCall, callback: UnaryCallback): void => {
      void (async () => {
        try {
          callback(null, await frontend.unary(method, call.request as object, identityOf(call)));
        } catch (e) {
          callback(toStatus(e));
        }
      })();
    };
  const streaming =
    (method: ServerStreamingMethod) =>
    (call: StreamCall): void => {
      // Headers go out first, as production sends them: the SDK's stream layer re-sends a request
      // whose error arrives before any response headers, which would repeat every failing call.
      call.sendMetadata(new Metadata());
      void (async () => {
        try {
          const identity = identityOf(call);
          const results = await frontend.serverStreaming(method, call.request as object, identity);
          for (const r of results) call.write(r);
          call.end();
        } catch (e) {
          call.emit('error', toStatus(e));
        }
      })();
    };
  const bidi =
    (method: BidiMethod) =>
    (call: StreamCall): void => {
      call.sendMetadata(new Metadata());
      let closed = false;
      const sink: StreamSink = {
        send: (message) => {
          if (!closed) call.write(message);
        },
        close: (error) => {
          if (closed) return;
          closed = true;
          if (error) call.emit('error', toStatus(error));
          else call.end();
        },
      };
      let stream;
      try {
        stream = frontend.open(method, identityOf(call), sink);
      } catch (e) {
        sink.close(e instanceof RpcError ? e : new RpcError(status.INTERNAL, String(e)));
        return;
      }
      const opened = stream;
      call.on('data', (message) => {
        if (!closed) opened.receive(message);
      });
      // A client that half-closes is done: end our side too. A cancelled or broken call is gone.
      call.on('end', () => {
        opened.cancel();
        sink.close();
      });
      const gone = (): void => {
        closed = true;
        opened.cancel();
      };
      call.on('cancelled', gone);
      call.on('error', gone);
      call.on('close', gone);
    };
  const unimplemented =
    (method: string) =>
    (call: AnyCall, callback?: UnaryCallback): void => {
      const err = toStatus(
        new RpcError(status.UNIMPLEMENTED, `local-cloud Firestore does not implement ${method}.`),
      );
      if (typeof callback === 'function') callback(err);
      else (call as StreamCall).emit('error', err);
    };

  return {
    GetDocument: unary('GetDocument'),
    BatchGetDocuments: streaming('BatchGetDocuments'),
    Commit: unary('Commit'),
    BeginTransaction: unary('BeginTransaction'),
    Rollback: unary('Rollback'),
    RunQuery: streaming('RunQuery'),
    RunAggregationQuery: streaming('RunAggregationQuery'),
    BatchWrite: unary('BatchWrite'),
    ListCollectionIds: unary('ListCollectionIds'),
    ListDocuments: unary('ListDocuments'),
    UpdateDocument: unimplemented('UpdateDocument'),
    DeleteDocument: unimplemented('DeleteDocument'),
    CreateDocument: unimplemented('CreateDocument'),
    PartitionQuery: unimplemented('PartitionQuery'),
    ExecutePipeline: unimplemented('ExecutePipeline'),
    Write: bidi('Write'),
    Listen: bidi('Listen'),
  };
}

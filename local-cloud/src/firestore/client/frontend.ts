import { status } from '@grpc/grpc-js';
import type { FirestoreEngine } from '../engine.ts';
import { RpcError } from '../errors.ts';
import type { FaultInjector } from '../faults.ts';
import type { ClientAuthorizer } from './authorizer.ts';
import type { ClientIdentity } from './identity.ts';

/** RPCs answered with one message. */
export type UnaryMethod =
  | 'GetDocument'
  | 'Commit'
  | 'BeginTransaction'
  | 'Rollback'
  | 'BatchWrite'
  | 'ListCollectionIds'
  | 'ListDocuments';

/** RPCs answered with a stream of messages (REST answers them as one JSON array). */
export type ServerStreamingMethod = 'BatchGetDocuments' | 'RunQuery' | 'RunAggregationQuery';

/** The two bidirectional streams the client SDKs keep open. */
export type BidiMethod = 'Listen' | 'Write';

/** Where a bidirectional stream's server messages go, in the shapes @grpc/proto-loader decodes. */
export interface StreamSink {
  send(message: object): void;
  /** Ends the stream: cleanly without an error, else with the error's status. */
  close(error?: RpcError): void;
}

/** The server side of one open bidirectional stream. */
export interface ClientStream {
  receive(message: object): void;
  /** The client went away (cancelled, disconnected or half-closed). */
  cancel(): void;
}

export type StreamFactory = (identity: ClientIdentity, sink: StreamSink) => ClientStream;

/**
 * What every transport (gRPC, WebChannel, REST) calls: one request in proto-loader's shapes, who
 * sent it, and the same engine, faults and authorization behind all of them.
 */
export class FirestoreFrontend {
  private readonly streams = new Map<BidiMethod, StreamFactory>();
  readonly engine: FirestoreEngine;
  readonly faults: FaultInjector;
  authorizer: ClientAuthorizer;

  // Fields assigned by hand: the project's erasableSyntaxOnly forbids parameter properties.
  constructor(engine: FirestoreEngine, faults: FaultInjector, authorizer: ClientAuthorizer) {
    this.engine = engine;
    this.faults = faults;
    this.authorizer = authorizer;
  }

  /** Installs the implementation of a bidirectional stream. */
  serveStream(method: BidiMethod, factory: StreamFactory): void {
    this.streams.set(method, factory);
  }

  async unary(method: UnaryMethod, request: object, identity: ClientIdentity): Promise<object> {
    this.faults.check(method);
    this.authorize(method, request, identity);
    const e = this.engine;
    switch (method) {
      case 'GetDocument':
        return e.getDocument(request);
      case 'Commit':
        return e.commit(request);
      case 'BeginTransaction':
        return e.beginTransaction(request);
      case 'Rollback':
        return e.rollback(request);
      case 'BatchWrite':
        return e.batchWrite(request);
      case 'ListCollectionIds':
        return e.listCollectionIds(request);
      case 'ListDocuments':
        return e.listDocuments(request);
    }
  }

  async serverStreaming(
    method: ServerStreamingMethod,
    request: object,
    identity: ClientIdentity,
  ): Promise<object[]> {
    this.faults.check(method);
    this.authorize(method, request, identity);
    const e = this.engine;
    switch (method) {
      case 'BatchGetDocuments':
        return e.batchGetDocuments(request);
      case 'RunQuery':
        return e.runQuery(request);
      case 'RunAggregationQuery':
        return e.runAggregationQuery(request);
    }
  }

  open(method: BidiMethod, identity: ClientIdentity, sink: StreamSink): ClientStream {
    const factory = this.streams.get(method);
    if (!factory)
      throw new RpcError(
        status.UNIMPLEMENTED,
        `local-cloud Firestore does not implement ${method}.`,
      );
    return factory(identity, sink);
  }

  private authorize(_method: string, _request: object, identity: ClientIdentity): void {
    if (identity.kind === 'owner') return;
    // Filled by the security-rules evaluation: reads and writes of each request pass here.
  }
}

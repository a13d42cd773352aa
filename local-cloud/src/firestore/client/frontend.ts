import { status } from '@grpc/grpc-js';
import type { BatchCheck, FirestoreEngine } from '../data/engine.ts';
import { RpcError } from '../data/errors.ts';
import type { FaultInjector } from '../faults.ts';
import type { ProjectCheck } from '../../single-project.ts';
import { parseDatabase, parseDocumentName, parseParent, parseResource } from '../data/names.ts';
import type { DatabaseName } from '../data/names.ts';
import { planQuery } from '../data/query-plan.ts';
import type { StructuredQuery__Output as StructuredQuery } from '../generated/google/firestore/v1/StructuredQuery.ts';
import type { Write__Output as Write } from '../generated/google/firestore/v1/Write.ts';
import type { ClientAuthorizer } from './authorizer.ts';
import type { ClientIdentity } from './identity.ts';
import { guardStream } from './project-guard.ts';

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
  /** In single project mode, refuses every request (admin ones too) naming another project. */
  projectCheck: ProjectCheck | undefined;

  constructor(engine: FirestoreEngine, faults: FaultInjector, authorizer: ClientAuthorizer) {
    this.engine = engine;
    this.faults = faults;
    this.authorizer = authorizer;
    this.projectCheck = undefined;
  }

  /** Installs the implementation of a bidirectional stream. */
  serveStream(method: BidiMethod, factory: StreamFactory): void {
    this.streams.set(method, factory);
  }

  async unary(method: UnaryMethod, request: object, identity: ClientIdentity): Promise<object> {
    this.checkProject(projectNamed(request));
    this.faults.check(method);
    this.authorize(method, request, identity);
    const e = this.engine;
    switch (method) {
      case 'GetDocument':
        return e.getDocument(request);
      case 'Commit':
        return e.commit(request, this.writeCheck(request, identity));
      case 'BeginTransaction':
        return e.beginTransaction(request);
      case 'Rollback':
        return e.rollback(request);
      case 'BatchWrite':
        return e.batchWrite(request, this.writeCheck(request, identity));
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
    this.checkProject(projectNamed(request));
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
    const stream = factory(identity, sink);
    if (this.projectCheck === undefined) return stream;
    return guardStream(method, stream, sink, (message) =>
      this.projectRefusal(projectNamed(message)),
    );
  }

  private checkProject(project: string | undefined): void {
    const refusal = this.projectRefusal(project);
    if (refusal !== undefined) throw refusal;
  }

  /**
   * NOT_FOUND, as production answers for a project without this database, with the served
   * project's name in the message.
   */
  private projectRefusal(project: string | undefined): RpcError | undefined {
    if (project === undefined || this.projectCheck === undefined) return undefined;
    const refusal = this.projectCheck('Firestore', project);
    return refusal === undefined ? undefined : new RpcError(status.NOT_FOUND, refusal);
  }

  /** The check a client's commit runs on its batch before anything is stored. */
  writeCheck(request: object, identity: ClientIdentity): BatchCheck | undefined {
    if (identity.kind === 'owner') return undefined;
    const db = parseDatabase((request as { database?: string }).database ?? '');
    return (batch) => {
      this.authorizer.authorizeWrites(identity, db, batch);
    };
  }

  /** Client requests pass the authorizer before they run; `owner` bypasses it, as on the Suite. */
  private authorize(method: string, request: object, identity: ClientIdentity): void {
    if (identity.kind === 'owner') return;
    const a = this.authorizer;
    const r = request as {
      name?: string;
      database?: string;
      parent?: string;
      documents?: string[];
      writes?: Write[];
      collectionId?: string;
      structuredQuery?: StructuredQuery;
      structuredAggregationQuery?: { structuredQuery?: StructuredQuery };
    };
    switch (method) {
      case 'GetDocument': {
        const db = databaseOfName(r.name ?? '');
        a.authorizeRead(identity, db, { kind: 'get', path: parseDocumentName(r.name ?? '', db) });
        return;
      }
      case 'BatchGetDocuments': {
        const db = parseDatabase(r.database ?? '');
        for (const name of r.documents ?? [])
          a.authorizeRead(identity, db, { kind: 'get', path: parseDocumentName(name, db) });
        return;
      }
      case 'RunQuery':
      case 'RunAggregationQuery': {
        const query = r.structuredQuery ?? r.structuredAggregationQuery?.structuredQuery;
        if (!query) return; // the engine answers INVALID_ARGUMENT
        const parent = parseParent(r.parent ?? '');
        a.authorizeRead(identity, parent, {
          kind: 'list',
          plan: planQuery(query, r.parent ?? '', parent),
        });
        return;
      }
      case 'ListDocuments': {
        const parent = parseParent(r.parent ?? '');
        const query: StructuredQuery = { from: [{ collectionId: r.collectionId ?? '' }] };
        a.authorizeRead(identity, parent, {
          kind: 'list',
          plan: planQuery(query, r.parent ?? '', parent),
        });
        return;
      }
      case 'ListCollectionIds':
        // Listing collections is an IAM permission that no security rule grants to app users.
        throw new RpcError(
          status.PERMISSION_DENIED,
          'Listing collection ids needs server credentials; client requests may not.',
        );
      case 'Commit':
      case 'BatchWrite':
        // Writes are judged inside the commit, on the batch as it would be stored (writeCheck).
        return;
    }
  }
}

/** The project a request's resource names name (`projects/{project}/databases/…`), if any. */
function projectNamed(request: object): string | undefined {
  const r = request as { name?: unknown; database?: unknown; parent?: unknown };
  for (const name of [r.name, r.database, r.parent]) {
    if (typeof name !== 'string') continue;
    const project = /^projects\/([^/]+)\//.exec(name)?.[1];
    if (project !== undefined) return project;
  }
  return undefined;
}

function databaseOfName(name: string): DatabaseName {
  const r = parseResource(name);
  return { project: r.project, database: r.database };
}

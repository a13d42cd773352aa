import { randomBytes } from 'node:crypto';
import type protobuf from 'protobufjs';
import { RpcError, invalid } from '../data/errors.ts';
import type { ServerStreamingMethod, UnaryMethod } from '../client/frontend.ts';
import { parseJsonObject } from '../../net/json.ts';
import { fromProtoJson, messageType, notJson } from './proto-json.ts';
import { status } from '@grpc/grpc-js';

const V1 = 'google.firestore.v1.';

/**
 * One REST request, translated to what FirestoreFrontend runs. The single-document methods the
 * frontend lacks (UpdateDocument, DeleteDocument, CreateDocument) become a one-write Commit,
 * followed for the first two by a GetDocument of the result.
 */
export type RestCall =
  | { kind: 'unary'; method: UnaryMethod; request: object; responseType: string }
  | { kind: 'streaming'; method: ServerStreamingMethod; request: object; responseType: string }
  | { kind: 'write'; commit: object; readBack: object | undefined };

export interface RestRequest {
  method: string;
  /** the path as sent, still percent-encoded */
  path: string;
  query: URLSearchParams;
  body: string;
}

/** Custom methods on `{database}/documents`, which take the database from the URL. */
const DATABASE_VERBS: Record<string, UnaryMethod | ServerStreamingMethod> = {
  commit: 'Commit',
  batchGet: 'BatchGetDocuments',
  beginTransaction: 'BeginTransaction',
  rollback: 'Rollback',
  batchWrite: 'BatchWrite',
};

/** Custom methods on a parent (`…/documents` or a document), which take it as `parent`. */
const PARENT_VERBS: Record<string, UnaryMethod | ServerStreamingMethod> = {
  runQuery: 'RunQuery',
  runAggregationQuery: 'RunAggregationQuery',
  listCollectionIds: 'ListCollectionIds',
};

const STREAMING = new Set<string>(['BatchGetDocuments', 'RunQuery', 'RunAggregationQuery']);

/** Query parameters every Google API accepts and that carry no request field. */
const SYSTEM_PARAMS = new Set(['key', 'alt', 'prettyPrint', 'access_token', 'fields', 'callback']);

const notFoundRoute = (req: RestRequest): RpcError =>
  new RpcError(status.NOT_FOUND, `No Firestore REST method answers ${req.method} ${req.path}.`);

/**
 * Parses `/v1/projects/{p}/databases/{d}/documents[/{path}][:{verb}]` as the web SDK
 * (rest_connection.ts makeUrl) and google-gax's REST transcoding of firestore.proto form it.
 */
export function parseRestRequest(req: RestRequest): RestCall {
  if (!req.path.startsWith('/v1/')) throw notFoundRoute(req);
  let raw = req.path.slice('/v1/'.length);
  let verb: string | undefined;
  const lastSlash = raw.lastIndexOf('/');
  const colon = raw.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    verb = raw.slice(colon + 1);
    raw = raw.slice(0, colon);
  }
  let segments: string[];
  try {
    segments = raw.split('/').map(decodeURIComponent);
  } catch {
    throw invalid(`Invalid percent-encoding in '${req.path}'.`);
  }
  const [projects, project, databases, database, documents, ...path] = segments;
  if (
    projects !== 'projects' ||
    databases !== 'databases' ||
    documents !== 'documents' ||
    !project ||
    !database
  )
    throw notFoundRoute(req);
  const dbName = `projects/${project}/databases/${database}`;
  const root = `${dbName}/documents`;
  const resource = path.length === 0 ? root : `${root}/${path.join('/')}`;
  const isDocument = path.length > 0 && path.length % 2 === 0;

  if (verb !== undefined) {
    if (req.method !== 'POST') throw notFoundRoute(req);
    const onDatabase = DATABASE_VERBS[verb];
    if (onDatabase && path.length === 0)
      return call(onDatabase, bodyWith(req, onDatabase, { database: dbName }));
    const onParent = PARENT_VERBS[verb];
    if (onParent && (path.length === 0 || isDocument))
      return call(onParent, bodyWith(req, onParent, { parent: resource }));
    if (verb === 'partitionQuery' || verb === 'executePipeline')
      throw new RpcError(status.UNIMPLEMENTED, `local-cloud Firestore does not implement ${verb}.`);
    throw notFoundRoute(req);
  }

  switch (req.method) {
    case 'GET':
      if (isDocument)
        return call('GetDocument', fromQuery(req, 'GetDocumentRequest', { name: resource }));
      if (path.length % 2 === 1) {
        const collectionId = path[path.length - 1] ?? '';
        const parent = path.length === 1 ? root : `${root}/${path.slice(0, -1).join('/')}`;
        return call(
          'ListDocuments',
          fromQuery(req, 'ListDocumentsRequest', { parent, collectionId }),
        );
      }
      break;
    case 'PATCH':
      if (isDocument) return updateDocument(req, resource);
      break;
    case 'DELETE':
      if (isDocument) {
        const r = fromQuery(req, 'DeleteDocumentRequest', { name: resource });
        const write = { delete: resource, currentDocument: r.currentDocument };
        return {
          kind: 'write',
          commit: { database: dbName, writes: [write] },
          readBack: undefined,
        };
      }
      break;
    case 'POST':
      if (path.length % 2 === 1) return createDocument(req, dbName, resource);
      break;
  }
  throw notFoundRoute(req);
}

function call(method: UnaryMethod | ServerStreamingMethod, request: object): RestCall {
  const rpc = firestoreMethod(method);
  const responseType = rpc.resolvedResponseType?.fullName.slice(1) ?? '';
  return STREAMING.has(method)
    ? { kind: 'streaming', method: method as ServerStreamingMethod, request, responseType }
    : { kind: 'unary', method: method as UnaryMethod, request, responseType };
}

function firestoreMethod(method: string): protobuf.Method {
  const service = messageType(`${V1}Document`).root.lookupService(`${V1}Firestore`);
  const rpc = service.methods[method];
  if (!rpc) throw new RpcError(status.UNIMPLEMENTED, `Unknown method ${method}.`);
  rpc.resolve();
  return rpc;
}

/** A `body: "*"` request: the JSON body, with the fields bound from the URL taking precedence. */
function bodyWith(req: RestRequest, method: string, fromPath: Record<string, string>): object {
  const typeName = firestoreMethod(method).resolvedRequestType?.fullName.slice(1) ?? '';
  const body = parseBody(req.body);
  return fromProtoJson(typeName, { ...body, ...fromPath });
}

function parseBody(text: string): Record<string, unknown> {
  return parseJsonObject(text, notJson, () =>
    invalid('Invalid JSON payload received: expected a JSON object.'),
  );
}

/** A request whose fields come from the URL path and query (GET, DELETE and the like). */
function fromQuery(
  req: RestRequest,
  requestType: string,
  fromPath: Record<string, string>,
): Record<string, unknown> {
  return fromProtoJson(`${V1}${requestType}`, {
    ...queryToJson(messageType(`${V1}${requestType}`), req.query),
    ...fromPath,
  });
}

/**
 * Binds query parameters to request fields by their dotted names (`mask.fieldPaths=a&
 * mask.fieldPaths=b`, `currentDocument.exists=true`), camelCase or snake_case, repeated fields by
 * repetition, as Google's HTTP transcoding does; an unknown name is INVALID_ARGUMENT.
 */
export function queryToJson(type: protobuf.Type, query: URLSearchParams): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const [name, value] of query) {
    if (name.startsWith('$') || SYSTEM_PARAMS.has(name)) continue;
    let target = json;
    let current = type;
    const parts = name
      .split('.')
      .map((p) => p.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()));
    parts.forEach((part, i) => {
      const field = current.fields[part];
      if (!field)
        throw invalid(
          `Invalid JSON payload received. Unknown name "${name}": Cannot bind query parameter.`,
        );
      field.resolve();
      const resolved = field.resolvedType;
      const last = i === parts.length - 1;
      if (!last) {
        if (!resolved || !('fields' in resolved))
          throw invalid(`Cannot bind query parameter "${name}": '${part}' is not a message.`);
        target = (target[part] ??= {}) as Record<string, unknown>;
        current = resolved;
        return;
      }
      const scalar = queryScalar(field, value, name);
      if (field.repeated) ((target[part] ??= []) as unknown[]).push(scalar);
      else target[part] = scalar;
    });
  }
  return json;
}

function queryScalar(field: protobuf.Field, value: string, name: string): unknown {
  switch (field.type) {
    case 'bool':
      if (value !== 'true' && value !== 'false')
        throw invalid(`Invalid value for "${name}": expected true or false.`);
      return value === 'true';
    case 'int32':
    case 'uint32':
    case 'sint32':
    case 'fixed32':
    case 'sfixed32':
    case 'double':
    case 'float':
      return value.trim() === '' ? NaN : Number(value);
    default:
      return value;
  }
}

/** PATCH: UpdateDocument, the body being the Document. */
function updateDocument(req: RestRequest, name: string): RestCall {
  const r = fromQuery(req, 'UpdateDocumentRequest', {});
  const document = fromProtoJson(`${V1}Document`, { ...parseBody(req.body), name });
  const write: Record<string, unknown> = { update: document };
  if (r.updateMask) write.updateMask = r.updateMask;
  if (r.currentDocument) write.currentDocument = r.currentDocument;
  return {
    kind: 'write',
    commit: { database: databaseOf(name), writes: [write] },
    readBack: { name, mask: r.mask },
  };
}

/** POST to a collection: CreateDocument, with `documentId` or an automatic id. */
function createDocument(req: RestRequest, database: string, collection: string): RestCall {
  const r = fromQuery(req, 'CreateDocumentRequest', {});
  const id = typeof r.documentId === 'string' && r.documentId !== '' ? r.documentId : autoId();
  const name = `${collection}/${id}`;
  const document = fromProtoJson(`${V1}Document`, { ...parseBody(req.body), name });
  const write = { update: document, currentDocument: { exists: false } };
  return {
    kind: 'write',
    commit: { database, writes: [write] },
    readBack: { name, mask: r.mask },
  };
}

function databaseOf(name: string): string {
  return name.split('/').slice(0, 4).join('/');
}

const AUTO_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 20-character id from the same alphabet the SDKs use for automatic ids. */
function autoId(): string {
  return [...randomBytes(20)].map((b) => AUTO_ID_CHARS[b % AUTO_ID_CHARS.length]).join('');
}

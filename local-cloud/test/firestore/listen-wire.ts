// A raw Listen stream for the wire-protocol tests: the google.firestore.v1 service from the protos
// local-cloud loads, through @grpc/grpc-js, so each message is seen exactly as a client SDK sees it
// (plain objects, oneofs named, int64 as strings, bytes as Buffers).
import { Client, Metadata, credentials } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { firestoreProtos } from '../../src/firestore/protos.ts';

export interface ListenResponse {
  targetChange?: {
    targetChangeType?: string;
    targetIds?: number[];
    cause?: { code?: number; message?: string };
    resumeToken?: Buffer;
    readTime?: { seconds: string; nanos?: number };
  };
  documentChange?: {
    document?: { name: string; fields?: Record<string, unknown> };
    targetIds?: number[];
    removedTargetIds?: number[];
  };
  documentDelete?: { document?: string; removedTargetIds?: number[] };
  documentRemove?: { document?: string; removedTargetIds?: number[] };
  filter?: {
    targetId?: number;
    count?: number;
    unchangedNames?: { bits?: { bitmap?: Buffer; padding?: number }; hashCount?: number };
  };
}

export interface WireStream {
  readonly messages: ListenResponse[];
  send(request: object): void;
  /** Resolves with the first message at or after `from` that satisfies `test`. */
  next(test: (m: ListenResponse) => boolean, from?: number): Promise<ListenResponse>;
  /** Resolves with the status the server ended the stream with. */
  ended(): Promise<ServiceError | null>;
  close(): void;
}

const WAIT_MS = 5000;

export function openListen(address: string, token = 'owner'): WireStream {
  const listen = firestoreProtos().service['Listen'];
  if (!listen) throw new Error('google.firestore.v1.Firestore has no Listen method');
  const client = new Client(address, credentials.createInsecure());
  const metadata = new Metadata();
  if (token !== '') metadata.set('authorization', `Bearer ${token}`);
  const call = client.makeBidiStreamRequest<object, ListenResponse>(
    listen.path,
    listen.requestSerialize,
    listen.responseDeserialize,
    metadata,
  );
  const messages: ListenResponse[] = [];
  const waiters = new Set<() => void>();
  let status: ServiceError | null | undefined;
  call.on('data', (m: ListenResponse) => {
    messages.push(m);
    for (const w of [...waiters]) w();
  });
  call.on('error', (e: ServiceError) => {
    status = e;
    for (const w of [...waiters]) w();
  });
  call.on('end', () => {
    status ??= null;
    for (const w of [...waiters]) w();
  });
  const waitFor = <T>(check: () => T | undefined, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(poll);
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(messages)}`));
      }, WAIT_MS);
      const poll = (): void => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        waiters.delete(poll);
        resolve(value);
      };
      waiters.add(poll);
      poll();
    });
  return {
    messages,
    send: (request) => {
      call.write(request);
    },
    next: (test, from = 0) =>
      waitFor(() => messages.slice(from).find(test), 'a matching Listen response'),
    ended: () => waitFor(() => status, 'the end of the stream'),
    close: () => {
      call.cancel();
      client.close();
    },
  };
}

export const isGlobal = (m: ListenResponse): boolean =>
  m.targetChange !== undefined &&
  (m.targetChange.targetChangeType ?? 'NO_CHANGE') === 'NO_CHANGE' &&
  (m.targetChange.targetIds ?? []).length === 0 &&
  m.targetChange.readTime !== undefined;

export const isTargetChange =
  (type: string, targetId: number) =>
  (m: ListenResponse): boolean =>
    m.targetChange?.targetChangeType === type &&
    (m.targetChange.targetIds ?? []).includes(targetId);

export const databaseOf = (projectId: string): string =>
  `projects/${projectId}/databases/(default)`;

/** A ListenRequest adding `target` (a query or documents) as `targetId`, with `extra` options. */
function addTarget(projectId: string, targetId: number, target: object, extra: object): object {
  return { database: databaseOf(projectId), addTarget: { targetId, ...target, ...extra } };
}

/** A ListenRequest adding a query over one collection of the database root. */
export function queryTarget(
  projectId: string,
  targetId: number,
  structuredQuery: object,
  extra: object = {},
): object {
  const parent = `${databaseOf(projectId)}/documents`;
  return addTarget(projectId, targetId, { query: { parent, structuredQuery } }, extra);
}

export function documentsTarget(
  projectId: string,
  targetId: number,
  paths: string[],
  extra: object = {},
): object {
  const documents = paths.map((p) => `${databaseOf(projectId)}/documents/${p}`);
  return addTarget(projectId, targetId, { documents: { documents } }, extra);
}

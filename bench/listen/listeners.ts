// The listening side of `npm run bench:listen`, in a process of its own so the server's memory and
// CPU are measured apart from the clients': raw gRPC Listen streams, each with document and query
// targets, recording when each document change's snapshot (the global NO_CHANGE after it) arrives.
import { Metadata, credentials, makeGenericClientConstructor } from '@grpc/grpc-js';
import type { ClientDuplexStream } from '@grpc/grpc-js';
import { firestoreProtos } from '../../local-cloud/src/firestore/protos.ts';

export interface ListenerPlan {
  readonly address: string;
  readonly projectId: string;
  readonly streams: number;
  /** per stream: document targets on these item ids, query targets on these groups */
  readonly documents: number[][];
  readonly groups: number[][];
}

/** One document change as a listener saw it: which document, how many targets, and when. */
export interface Seen {
  readonly name: string;
  readonly targets: number;
  readonly at: number;
}

interface Response {
  targetChange?: { targetChangeType?: string; targetIds?: number[]; readTime?: unknown };
  documentChange?: { document?: { name: string }; targetIds?: number[] };
}

const now = (): number => performance.timeOrigin + performance.now();
const send = (message: unknown): void => {
  process.send?.(message);
};

const plan = await new Promise<ListenerPlan>((resolve) => {
  process.once('message', (m) => {
    resolve(m as ListenerPlan);
  });
});
const database = `projects/${plan.projectId}/databases/(default)`;
const Client = makeGenericClientConstructor(firestoreProtos().service, 'Firestore');
const client = new Client(plan.address, credentials.createInsecure(), {
  'grpc.max_receive_message_length': 64 * 1024 * 1024,
});
const metadata = new Metadata();
metadata.set('authorization', 'Bearer owner');
const seen: Seen[] = [];
const totalTargets = [...plan.documents, ...plan.groups].reduce((n, list) => n + list.length, 0);
const calls: ClientDuplexStream<object, Response>[] = [];
let current = 0;
let recording = false;

for (let s = 0; s < plan.streams; s++) {
  const call = (
    client as unknown as { Listen(m: Metadata): ClientDuplexStream<object, Response> }
  ).Listen(metadata);
  calls.push(call);
  let batch: { name: string; targets: number }[] = [];
  call.on('data', (m: Response) => {
    if (m.documentChange?.document) {
      batch.push({
        name: m.documentChange.document.name,
        targets: m.documentChange.targetIds?.length ?? 0,
      });
      return;
    }
    const tc = m.targetChange;
    if (!tc) return;
    if (tc.targetChangeType === 'CURRENT') {
      current += tc.targetIds?.length ?? 0;
      if (current === totalTargets) send({ ready: true });
    }
    if ((tc.targetChangeType ?? 'NO_CHANGE') === 'NO_CHANGE' && (tc.targetIds ?? []).length === 0) {
      const at = now();
      if (recording) for (const b of batch) seen.push({ ...b, at });
      batch = [];
    }
  });
  call.on('error', () => undefined);
  let id = 2;
  for (const item of plan.documents[s] ?? []) {
    call.write({
      database,
      addTarget: {
        targetId: id++,
        documents: { documents: [`${database}/documents/items/i${String(item)}`] },
      },
    });
  }
  for (const group of plan.groups[s] ?? []) {
    call.write({
      database,
      addTarget: {
        targetId: id++,
        query: {
          parent: `${database}/documents`,
          structuredQuery: {
            from: [{ collectionId: 'items' }],
            where: {
              fieldFilter: {
                field: { fieldPath: 'group' },
                op: 'EQUAL',
                value: { integerValue: String(group) },
              },
            },
          },
        },
      },
    });
  }
}

process.on('message', (m: { record?: boolean; report?: boolean; close?: boolean }) => {
  if (m.record) recording = true;
  if (m.report) send({ seen });
  if (m.close) {
    for (const c of calls) c.cancel();
    client.close();
    send({ closed: true });
    process.disconnect();
  }
});

import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/index.ts';
import { AUTH_EVENT_TYPES, toAuthEventData } from '../auth/index.ts';
import type { FirestoreChange } from '../firestore/index.ts';
import type { Document__Output as Document } from '../firestore/generated/google/firestore/v1/Document.ts';
import type { StorageObjectMetadata } from '../storage/index.ts';
import type { Delivery } from './dispatcher.ts';
import type { FunctionDescription } from './endpoints.ts';
import { matchDocumentPattern } from './path-pattern.ts';
import type { CloudEventEnvelope } from './protocol.ts';

type EventFunction = FunctionDescription & {
  trigger: Extract<FunctionDescription['trigger'], { kind: 'event' }>;
};

const FIRESTORE_PREFIX = 'google.cloud.firestore.document.v1.';
const STORAGE_TYPES = {
  finalized: 'google.cloud.storage.object.v1.finalized',
  deleted: 'google.cloud.storage.object.v1.deleted',
} as const;

/**
 * Turns what happened in the local backends into CloudEvents for the functions subscribed to it,
 * shaped as Eventarc delivers them in production.
 */
export class EventRouter {
  readonly #functions: readonly EventFunction[];
  readonly #projectId: string;

  constructor(functions: readonly FunctionDescription[], projectId: string) {
    this.#functions = functions.filter((fn): fn is EventFunction => fn.trigger.kind === 'event');
    this.#projectId = projectId;
  }

  forAuthUser(kind: 'created' | 'deleted', project: string, user: AuthUser): Delivery[] {
    if (project !== this.#projectId) return [];
    const type = AUTH_EVENT_TYPES[kind];
    return this.#subscribers(type).map((fn) =>
      delivery(fn, {
        ...envelope(type, `//firebaseauth.googleapis.com/projects/${project}`, new Date()),
        subject: `users/${user.uid}`,
        datacontenttype: 'application/json',
        data: toAuthEventData(kind, user),
      }),
    );
  }

  forStorageObject(kind: 'finalized' | 'deleted', object: StorageObjectMetadata): Delivery[] {
    const type = STORAGE_TYPES[kind];
    return this.#subscribers(type)
      .filter(
        (fn) =>
          fn.trigger.filters.bucket === undefined || fn.trigger.filters.bucket === object.bucket,
      )
      .map((fn) =>
        delivery(fn, {
          ...envelope(
            type,
            `//storage.googleapis.com/projects/_/buckets/${object.bucket}`,
            new Date(object.updated),
          ),
          subject: `objects/${object.name}`,
          datacontenttype: 'application/json',
          bucket: object.bucket,
          data: object,
        }),
      );
  }

  forFirestoreChange(change: FirestoreChange): Delivery[] {
    if (change.project !== this.#projectId) return [];
    const kinds = firestoreKinds(change);
    const time = timestampToDate(change.updateTime);
    const deliveries: Delivery[] = [];
    for (const fn of this.#functions) {
      const { eventType, filters, pathPatterns } = fn.trigger;
      if (!eventType.startsWith(FIRESTORE_PREFIX)) continue;
      const kind = eventType.slice(FIRESTORE_PREFIX.length).replace('.withAuthContext', '');
      if (!kinds.includes(kind)) continue;
      if ((filters.database ?? '(default)') !== change.database) continue;
      const pattern = pathPatterns.document ?? filters.document;
      if (pattern === undefined || matchDocumentPattern(pattern, change.path) === null) continue;
      deliveries.push(
        delivery(
          fn,
          {
            ...envelope(
              eventType,
              `//firestore.googleapis.com/projects/${change.project}/databases/${change.database}`,
              time,
            ),
            subject: `documents/${change.path}`,
            datacontenttype: 'application/protobuf',
            project: change.project,
            database: change.database,
            namespace: '(default)',
            document: change.path,
            location: fn.region,
            data: documentEventData(change.before, change.after),
          },
          true,
        ),
      );
    }
    return deliveries;
  }

  #subscribers(type: string): EventFunction[] {
    return this.#functions.filter((fn) => fn.trigger.eventType === type);
  }
}

function envelope(type: string, source: string, time: Date): CloudEventEnvelope {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source,
    type,
    time: time.toISOString(),
    data: null,
  };
}

function delivery(fn: EventFunction, event: CloudEventEnvelope, encodeFirestore = false): Delivery {
  return { functionName: fn.name, event, encodeFirestore, retry: fn.trigger.retry };
}

function firestoreKinds(change: FirestoreChange): string[] {
  if (change.before === null && change.after === null) return [];
  if (change.before === null) return ['created', 'written'];
  if (change.after === null) return ['deleted', 'written'];
  return ['updated', 'written'];
}

/** `DocumentEventData`: the document after (`value`), before (`oldValue`) and the changed fields. */
function documentEventData(
  before: Document | null,
  after: Document | null,
): Record<string, unknown> {
  return {
    ...(after === null ? {} : { value: after }),
    ...(before === null ? {} : { oldValue: before }),
    ...(before !== null && after !== null
      ? { updateMask: { fieldPaths: changedFields(before, after) } }
      : {}),
  };
}

function changedFields(before: Document, after: Document): string[] {
  const names = new Set([...Object.keys(before.fields ?? {}), ...Object.keys(after.fields ?? {})]);
  return [...names].filter(
    (name) => JSON.stringify(before.fields?.[name]) !== JSON.stringify(after.fields?.[name]),
  );
}

function timestampToDate(timestamp: { seconds?: string | number; nanos?: number }): Date {
  return new Date(Number(timestamp.seconds ?? 0) * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6));
}

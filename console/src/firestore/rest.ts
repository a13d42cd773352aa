// Firestore's REST API with admin rights (rules bypassed), as the console browses and edits data.
import { ADMIN, project, request } from '../api.ts';
import type { FirestoreValue } from './values.ts';

export interface FirestoreDocument {
  readonly name: string;
  readonly fields?: Record<string, FirestoreValue>;
  readonly createTime?: string;
  readonly updateTime?: string;
}

export async function database(): Promise<string> {
  const { projectId } = await project();
  return `projects/${projectId}/databases/(default)`;
}

const encodePath = (path: readonly string[]) => path.map(encodeURIComponent).join('/');

async function documentsUrl(path: readonly string[]): Promise<string> {
  const base = `/firestore/v1/${await database()}/documents`;
  return path.length === 0 ? base : `${base}/${encodePath(path)}`;
}

/** A field path as the API's update masks take it: backquoted unless a plain identifier. */
export function fieldPath(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? name
    : `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

export async function collectionIds(parent: readonly string[]): Promise<string[]> {
  const answer = await request<{ collectionIds?: string[] }>(
    `${await documentsUrl(parent)}:listCollectionIds`,
    { body: { pageSize: 300 }, headers: ADMIN },
  );
  return (answer.collectionIds ?? []).sort();
}

/** The documents of a collection, missing ones (with subcollections only) included. */
export async function listDocuments(collection: readonly string[]): Promise<FirestoreDocument[]> {
  const answer = await request<{ documents?: FirestoreDocument[] }>(
    `${await documentsUrl(collection)}?pageSize=300&showMissing=true`,
    { headers: ADMIN },
  );
  return answer.documents ?? [];
}

export async function getDocument(path: readonly string[]): Promise<FirestoreDocument | null> {
  try {
    return await request<FirestoreDocument>(await documentsUrl(path), { headers: ADMIN });
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

/** Sets (or, with `value` undefined, deletes) one field, leaving the others as they are. */
export async function setField(
  path: readonly string[],
  field: string,
  value: FirestoreValue | undefined,
): Promise<void> {
  const mask = `updateMask.fieldPaths=${encodeURIComponent(fieldPath(field))}`;
  await request(`${await documentsUrl(path)}?${mask}`, {
    method: 'PATCH',
    body: { fields: value === undefined ? {} : { [field]: value } },
    headers: ADMIN,
  });
}

export async function createDocument(
  collection: readonly string[],
  id: string,
  fields: Record<string, FirestoreValue>,
): Promise<void> {
  await request(`${await documentsUrl(collection)}?documentId=${encodeURIComponent(id)}`, {
    body: { fields },
    headers: ADMIN,
  });
}

export async function deleteDocument(path: readonly string[]): Promise<void> {
  await request(await documentsUrl(path), { method: 'DELETE', headers: ADMIN });
}

export interface QueryFilter {
  readonly field: string;
  readonly op: string;
  readonly value: FirestoreValue;
}

export interface QueryOrder {
  readonly field: string;
  readonly direction: 'ASCENDING' | 'DESCENDING';
}

/** Runs a structured query over one collection (or, `allDescendants`, a collection group). */
export async function runQuery(
  collection: readonly string[],
  filters: readonly QueryFilter[],
  orderBy: readonly QueryOrder[],
  limit: number,
  allDescendants = false,
): Promise<FirestoreDocument[]> {
  const answer = await request<{ document?: FirestoreDocument }[]>(
    `${await documentsUrl(collection.slice(0, -1))}:runQuery`,
    {
      body: {
        structuredQuery: {
          ...structuredQuery(collection, filters, allDescendants),
          orderBy: orderBy.map((o) => ({
            field: { fieldPath: fieldPath(o.field) },
            direction: o.direction,
          })),
          limit,
        },
      },
      headers: ADMIN,
    },
  );
  return answer.flatMap((r) => (r.document ? [r.document] : []));
}

/**
 * How many documents a query matches, counted by the server (`count()` of runAggregationQuery):
 * one request whatever the number, where reading them would be one per document.
 */
export async function countQuery(
  collection: readonly string[],
  filters: readonly QueryFilter[],
  allDescendants = false,
): Promise<number> {
  const answer = await request<{ result?: { aggregateFields?: Record<string, FirestoreValue> } }[]>(
    `${await documentsUrl(collection.slice(0, -1))}:runAggregationQuery`,
    {
      body: {
        structuredAggregationQuery: {
          structuredQuery: structuredQuery(collection, filters, allDescendants),
          aggregations: [{ alias: 'n', count: {} }],
        },
      },
      headers: ADMIN,
    },
  );
  const n = answer.find((r) => r.result !== undefined)?.result?.aggregateFields?.n;
  return Number(n?.integerValue ?? 0);
}

function structuredQuery(
  collection: readonly string[],
  filters: readonly QueryFilter[],
  allDescendants: boolean,
) {
  const where =
    filters.length === 0
      ? undefined
      : {
          compositeFilter: {
            op: 'AND',
            filters: filters.map((f) => ({
              fieldFilter: { field: { fieldPath: fieldPath(f.field) }, op: f.op, value: f.value },
            })),
          },
        };
  return {
    from: [{ collectionId: collection.at(-1), allDescendants }],
    ...(where === undefined ? {} : { where }),
  };
}

/**
 * Writes the fields `mask` names (those absent from `fields` are deleted), only if the document
 * is still at `updateTime` when given: a change since it was read fails the write
 * (FAILED_PRECONDITION) instead of being overwritten.
 */
export async function patchDocument(
  path: readonly string[],
  fields: Record<string, FirestoreValue>,
  mask: readonly string[],
  updateTime?: string,
): Promise<FirestoreDocument> {
  const query = new URLSearchParams(mask.map((f) => ['updateMask.fieldPaths', fieldPath(f)]));
  if (updateTime !== undefined) query.set('currentDocument.updateTime', updateTime);
  return request<FirestoreDocument>(`${await documentsUrl(path)}?${query.toString()}`, {
    method: 'PATCH',
    body: { fields },
    headers: ADMIN,
  });
}

/** The document path (segments) of a document's resource name. */
export function pathOf(name: string): string[] {
  const at = name.indexOf('/documents/');
  return name.slice(at + '/documents/'.length).split('/');
}

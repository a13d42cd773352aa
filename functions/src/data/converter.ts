import { Timestamp } from 'firebase-admin/firestore';
import type {
  DocumentData,
  FirestoreDataConverter,
  QueryDocumentSnapshot,
} from 'firebase-admin/firestore';
import type { z } from 'zod';

/**
 * A converter that checks every document read through `data()` against its shared schema and
 * turns Firestore Timestamps into Dates, so services work with plain, validated values. Writes
 * pass through untouched: Dates become Timestamps in the SDK, and FieldValue transforms
 * (increment, serverTimestamp, delete) keep working.
 */
export function schemaConverter<S extends z.ZodType<DocumentData>>(
  schema: S,
): FirestoreDataConverter<z.output<S>> {
  return {
    toFirestore: (value) => value,
    fromFirestore: (snapshot: QueryDocumentSnapshot) =>
      schema.parse(timestampsToDates(snapshot.data())),
  };
}

/**
 * For documents whose readers have always taken a missing or odd field as "nothing recorded":
 * each field of the schema is checked on its own, and one that does not fit is left out.
 */
export function fieldwiseConverter<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
): FirestoreDataConverter<Partial<z.output<z.ZodObject<Shape>>>> {
  return {
    toFirestore: (value) => value,
    fromFirestore: (snapshot: QueryDocumentSnapshot) => {
      const data = timestampsToDates(snapshot.data()) as Record<string, unknown>;
      const fields = Object.entries(schema.shape).flatMap(([key, field]) => {
        const parsed = (field as z.ZodType).safeParse(data[key]);
        return parsed.success && parsed.data !== undefined ? [[key, parsed.data] as const] : [];
      });
      return Object.fromEntries(fields) as Partial<z.output<z.ZodObject<Shape>>>;
    },
  };
}

/** Firestore Timestamps anywhere in a document's data, as Dates (what the shared schemas expect). */
export function timestampsToDates(value: unknown): unknown {
  if (value instanceof Timestamp) return value.toDate();
  if (Array.isArray(value)) return value.map(timestampsToDates);
  if (value !== null && typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, timestampsToDates(inner)]),
    );
  }
  return value;
}

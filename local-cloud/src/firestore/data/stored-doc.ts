import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';

/** A stored document: fields plus times as microseconds since the epoch. */
export interface StoredDoc {
  path: string;
  fields: Record<string, Value>;
  createMicros: number;
  updateMicros: number;
}

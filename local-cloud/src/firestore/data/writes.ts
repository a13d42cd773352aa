import { alreadyExists, failedPrecondition, invalid, notFound } from './errors.ts';
import {
  cloneFields,
  deleteField,
  getField,
  parseFieldPath,
  setField,
  validateWritableFieldNames,
} from './field-path.ts';
import { parseDocumentName } from './names.ts';
import type { DatabaseName } from './names.ts';
import type { Database } from './store.ts';
import { applyTransform, validateTransform } from './transforms.ts';
import type { _google_firestore_v1_DocumentTransform_FieldTransform__Output as FieldTransform } from '../generated/google/firestore/v1/DocumentTransform.ts';
import type { StoredDoc } from './stored-doc.ts';
import type { Value__Output as Value } from '../generated/google/firestore/v1/Value.ts';
import type { Write__Output as Write } from '../generated/google/firestore/v1/Write.ts';
import {
  checkDocumentSize,
  fieldsIdentical,
  microsFromTimestamp,
  normalizeFields,
  timestampFromMicros,
} from './values.ts';

export interface WriteResult {
  updateTime?: ReturnType<typeof timestampFromMicros>;
  transformResults: Value[];
}

export interface Change {
  path: string;
  before: StoredDoc | null;
  after: StoredDoc | null;
}

export type WriteKind = 'write' | 'delete' | 'verify';

/** One write of a commit as the overlay applied it: the document before it and after it. */
export interface AppliedWrite {
  readonly path: string;
  readonly kind: WriteKind;
  readonly before: StoredDoc | null;
  readonly after: StoredDoc | null;
}

export interface PlannedWrite {
  path: string;
  kind: WriteKind;
}

/** Validates a write's shape and returns its document path (no data is consulted). */
export function planWrite(w: Write, db: DatabaseName): PlannedWrite {
  const ops = [w.update, w.delete, w.transform, w.verify].filter((x) => x !== undefined).length;
  if (ops !== 1)
    throw invalid('A write must have exactly one of update, delete, transform or verify.');
  if (w.verify !== undefined) {
    if (w.updateMask || (w.updateTransforms?.length ?? 0) > 0)
      throw invalid('A verify cannot have an update mask or transforms.');
    return { path: parseDocumentName(w.verify, db), kind: 'verify' };
  }
  if (w.delete !== undefined) {
    if (w.updateMask || (w.updateTransforms?.length ?? 0) > 0)
      throw invalid('A delete cannot have an update mask or transforms.');
    return { path: parseDocumentName(w.delete, db, true), kind: 'delete' };
  }
  const name = (w.update ? w.update.name : w.transform?.document) ?? '';
  const path = parseDocumentName(name, db, true);
  if (w.update) {
    validateWritableFieldNames(w.update.fields ?? {});
    for (const p of w.updateMask?.fieldPaths ?? []) parseFieldPath(p);
  }
  const transforms = transformsOf(w);
  const seen = new Set<string>();
  for (const t of transforms) {
    const segs = parseFieldPath(t.fieldPath ?? '');
    const key = segs.join('\u0000');
    if (seen.has(key)) throw invalid(`Field '${t.fieldPath ?? ''}' has more than one transform.`);
    seen.add(key);
    validateTransform(t);
  }
  return { path, kind: 'write' };
}

function transformsOf(w: Write): FieldTransform[] {
  return [...(w.transform?.fieldTransforms ?? []), ...(w.updateTransforms ?? [])];
}

/**
 * A write overlay for one commit: writes see the effect of earlier writes in the same commit and
 * nothing reaches the database until `apply`.
 */
export class WriteOverlay {
  private readonly db: Database;
  private readonly pending = new Map<string, StoredDoc | null>();
  private readonly originals = new Map<string, StoredDoc | null>();
  /** Every write so far, in order, with its document before and after. */
  readonly applied: AppliedWrite[] = [];
  readonly commitMicros: number;

  constructor(db: Database, commitMicros: number) {
    this.db = db;
    this.commitMicros = commitMicros;
  }

  private current(path: string): StoredDoc | null {
    if (this.pending.has(path)) return this.pending.get(path) ?? null;
    return this.db.get(path) ?? null;
  }

  /** The document at `path` with this commit's writes so far applied. */
  peek(path: string): StoredDoc | null {
    return this.current(path);
  }

  /** The document at `path` before this commit. */
  original(path: string): StoredDoc | null {
    return this.originals.has(path)
      ? (this.originals.get(path) ?? null)
      : (this.db.get(path) ?? null);
  }

  /** Applies one write to the overlay; throws (leaving earlier writes intact) when it fails. */
  write(w: Write, dbName: DatabaseName): WriteResult {
    const { path, kind } = planWrite(w, dbName);
    const existing = this.current(path);
    const result = this.writeOne(w, path, kind, existing);
    this.applied.push({ path, kind, before: existing, after: this.current(path) });
    return result;
  }

  private writeOne(
    w: Write,
    path: string,
    kind: WriteKind,
    existing: StoredDoc | null,
  ): WriteResult {
    checkPrecondition(w, path, existing);
    if (kind === 'verify') return { transformResults: [] };
    if (!this.originals.has(path)) this.originals.set(path, this.db.get(path) ?? null);

    if (w.delete !== undefined) {
      this.pending.set(path, null);
      return { transformResults: [] };
    }

    let fields: Record<string, Value>;
    if (w.update) {
      const incoming = normalizeFields(w.update.fields ?? {});
      // An empty mask (no field paths) is still a mask: it keeps every existing field.
      const mask = w.updateMask ? (w.updateMask.fieldPaths ?? []) : undefined;
      if (mask === undefined) {
        fields = incoming;
      } else {
        fields = existing ? cloneFields(existing.fields) : {};
        for (const p of mask) {
          const segs = parseFieldPath(p);
          const v = getField(incoming, segs);
          if (v === undefined) deleteField(fields, segs);
          else setField(fields, segs, v);
        }
      }
    } else {
      // A transform-only write creates a missing document, as production does.
      fields = existing ? cloneFields(existing.fields) : {};
    }

    const transformResults: Value[] = [];
    for (const t of transformsOf(w)) {
      const segs = parseFieldPath(t.fieldPath ?? '');
      const next = applyTransform(t, getField(fields, segs), this.commitMicros);
      setField(fields, segs, next);
      transformResults.push(next);
    }

    checkDocumentSize(path, fields);
    if (existing && fieldsIdentical(existing.fields, fields)) {
      this.pending.set(path, existing);
      return { updateTime: timestampFromMicros(existing.updateMicros), transformResults };
    }
    this.pending.set(path, {
      path,
      fields,
      createMicros: existing ? existing.createMicros : this.commitMicros,
      updateMicros: this.commitMicros,
    });
    return { updateTime: timestampFromMicros(this.commitMicros), transformResults };
  }

  /** Writes the overlay into the database; returns the effective changes in write order. */
  apply(): Change[] {
    const changes: Change[] = [];
    for (const [path, after] of this.pending) {
      const before = this.originals.get(path) ?? null;
      if (before === after) continue;
      if (after) this.db.put(after, this.commitMicros);
      else this.db.delete(path, this.commitMicros);
      if (before || after) changes.push({ path, before, after });
    }
    return changes;
  }
}

function checkPrecondition(w: Write, path: string, existing: StoredDoc | null): void {
  const pre = w.currentDocument;
  if (!pre) return;
  if (pre.exists !== undefined) {
    if (pre.exists && !existing) throw notFound(`No document to update: ${path}`);
    if (!pre.exists && existing) throw alreadyExists(`Document already exists: ${path}`);
  }
  if (pre.updateTime) {
    if (!existing || existing.updateMicros !== microsFromTimestamp(pre.updateTime))
      throw failedPrecondition(
        `The update time precondition on ${path} failed: the document ${existing ? 'was updated at a different time' : 'does not exist'}.`,
      );
  }
}

import { COLLECTIONS, DATA_EXPORT_RETENTION_DAYS } from '@gadget/shared';
import { db } from '../../admin.ts';
import { untyped } from '../../data/untyped.ts';
import { isExportExpired } from '../accounts/data-export.ts';
import { defaultBucket, deleteObjectsUnder } from '../../storage-bucket.ts';
import type { Bucket } from '../../storage-bucket.ts';
import type { Cursor, MaintenanceTask, TaskContext } from './task.ts';

const HOUR_MS = 60 * 60 * 1000;
/** The image pipeline deletes an original once done; one still there after a day is stuck. */
export const UPLOAD_MAX_AGE_MS = 24 * HOUR_MS;
const EXPORT_MAX_AGE_MS = DATA_EXPORT_RETENTION_DAYS * 24 * HOUR_MS;

type File = ReturnType<Bucket['file']>;

/**
 * The phases, in order. Listing pages are resumed by GCS page token (the last name listed), which
 * deleting listed objects does not disturb.
 */
const PHASES = {
  /** Originals a failed or stuck pipeline left under `uploads/`. */
  uploads: { prefix: 'uploads/', kind: 'objects', isGarbage: isStaleUpload },
  /** Data exports past their `expireAt` metadata (7 days), or older than that without it. */
  exports: { prefix: 'exports/', kind: 'objects', isGarbage: isExpiredExport },
  /** `images/users/{uid}/` of users whose profile is gone. */
  userImages: { prefix: 'images/users/', kind: 'owners', collection: COLLECTIONS.users },
  /** `images/devices/{id}/` of devices that are gone. */
  deviceImages: { prefix: 'images/devices/', kind: 'owners', collection: COLLECTIONS.devices },
} as const;
type Phase = keyof typeof PHASES;
const PHASE_ORDER = Object.keys(PHASES) as Phase[];

export const storageObjects: MaintenanceTask = {
  name: 'storageObjects',
  run: async (context) => {
    const bucket = await defaultBucket();
    const resume = context.cursor;
    const start = Math.max(0, PHASE_ORDER.indexOf(resume?.phase as Phase));
    let pageToken = typeof resume?.pageToken === 'string' ? resume.pageToken : undefined;
    for (let index = start; index < PHASE_ORDER.length; index++) {
      const phase = PHASE_ORDER[index] ?? 'uploads';
      const next = PHASE_ORDER[index + 1];
      for (;;) {
        if (!context.canRunPage()) return false;
        pageToken = await context.page(
          () => cleanPage(bucket, context, phase, pageToken),
          (token): Cursor | null =>
            token !== undefined
              ? { phase, pageToken: token }
              : next === undefined
                ? null
                : { phase: next, pageToken: null },
        );
        if (pageToken === undefined) break;
      }
    }
    return true;
  },
};

/** Lists and cleans one page of a phase; returns the next page's token, if any. */
async function cleanPage(
  bucket: Bucket,
  context: TaskContext,
  phase: Phase,
  pageToken: string | undefined,
): Promise<string | undefined> {
  const spec = PHASES[phase];
  const [files, nextQuery, response] = await bucket.getFiles({
    prefix: spec.prefix,
    autoPaginate: false,
    maxResults: context.pageSize,
    ...(spec.kind === 'owners' ? { delimiter: '/' } : {}),
    ...(pageToken === undefined ? {} : { pageToken }),
  });
  if (spec.kind === 'objects') {
    const garbage = files.filter((file) => spec.isGarbage(file, context.now));
    if (!context.dryRun) {
      await Promise.all(garbage.map((file) => file.delete({ ignoreNotFound: true })));
    }
    context.counts.deleted += garbage.length;
  } else {
    const prefixes = (response as { prefixes?: string[] } | undefined)?.prefixes ?? [];
    await cleanOrphanPrefixes(context, spec.prefix, spec.collection, prefixes);
  }
  const next = (nextQuery as { pageToken?: unknown } | null | undefined)?.pageToken;
  return typeof next === 'string' && next !== '' ? next : undefined;
}

/** Deletes the prefixes (`images/users/{uid}/`) whose owning document does not exist. */
async function cleanOrphanPrefixes(
  context: TaskContext,
  parent: string,
  collection: string,
  prefixes: readonly string[],
): Promise<void> {
  if (prefixes.length === 0) return;
  const ids = prefixes.map((prefix) => prefix.slice(parent.length, -1));
  const snapshots = await db().getAll(...ids.map((id) => untyped.collection(collection).doc(id)));
  const orphans = prefixes.filter((_, index) => snapshots[index]?.exists === false);
  for (const prefix of orphans) {
    if (context.dryRun) {
      const [files] = await (await defaultBucket()).getFiles({ prefix, autoPaginate: true });
      context.counts.deleted += files.length;
    } else {
      context.counts.deleted += await deleteObjectsUnder(prefix);
    }
  }
}

function createdAt(file: File): number {
  const created = file.metadata.timeCreated;
  return typeof created === 'string' ? Date.parse(created) : Number.NaN;
}

function isStaleUpload(file: File, now: Date): boolean {
  return createdAt(file) < now.getTime() - UPLOAD_MAX_AGE_MS;
}

function isExpiredExport(file: File, now: Date): boolean {
  const custom = file.metadata.metadata as Record<string, unknown> | undefined;
  if (typeof custom?.expireAt === 'string') return isExportExpired(custom, now);
  return createdAt(file) < now.getTime() - EXPORT_MAX_AGE_MS;
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startStorageServer,
  type StorageObjectMetadata,
  type StorageServer,
  type StorageServerOptions,
} from '../../src/storage/index.ts';

export const BUCKET = 'demo-storage-test.appspot.com';

export interface Harness {
  server: StorageServer;
  dataDir: string;
  finalized: StorageObjectMetadata[];
  deleted: StorageObjectMetadata[];
  /**
   * Resolves once at least this many events have arrived. Events go out in the order of the
   * responses that caused them, so waiting for the last expected one also lets through any stray
   * event of an earlier request, which an exact count then catches.
   */
  eventsArrived(counts: { finalized?: number; deleted?: number }): Promise<void>;
  close(): Promise<void>;
}

/** A Storage server on a fresh temp directory (removed at close) unless `options` names one. */
export async function startHarness(options: Partial<StorageServerOptions> = {}): Promise<Harness> {
  const dir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'storage-test-')));
  const server = await startStorageServer({ defaultBucket: BUCKET, ...options, dataDir: dir });
  const finalized: StorageObjectMetadata[] = [];
  const deleted: StorageObjectMetadata[] = [];
  const waiters = new Set<() => void>();
  const arrived = (): void => {
    for (const check of [...waiters]) check();
  };
  server.onFinalize((o) => {
    finalized.push(o);
    arrived();
  });
  server.onDelete((o) => {
    deleted.push(o);
    arrived();
  });
  return {
    server,
    dataDir: dir,
    finalized,
    deleted,
    eventsArrived: (counts) =>
      new Promise((resolve) => {
        const check = (): void => {
          if (finalized.length < (counts.finalized ?? 0) || deleted.length < (counts.deleted ?? 0))
            return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    async close() {
      await server.stop();
      if (options.dataDir === undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Deterministic bytes of any length. */
export function bytes(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

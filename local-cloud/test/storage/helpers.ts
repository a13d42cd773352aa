import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startStorageServer,
  type StorageObjectMetadata,
  type StorageServer,
} from '../../src/storage/index.ts';

export const BUCKET = 'demo-storage-test.appspot.com';

export interface Harness {
  server: StorageServer;
  dataDir: string;
  finalized: StorageObjectMetadata[];
  deleted: StorageObjectMetadata[];
  /** Waits until pending event deliveries (scheduled after responses) have run. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(dataDir?: string): Promise<Harness> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'storage-test-')));
  const server = await startStorageServer({ dataDir: dir, defaultBucket: BUCKET });
  const finalized: StorageObjectMetadata[] = [];
  const deleted: StorageObjectMetadata[] = [];
  server.onFinalize((o) => finalized.push(o));
  server.onDelete((o) => deleted.push(o));
  return {
    server,
    dataDir: dir,
    finalized,
    deleted,
    settle: () => new Promise((resolve) => setTimeout(resolve, 20)),
    async close() {
      await server.stop();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
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

import { createHash, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobDigest } from './blob-writer.ts';
import { bucketNotFound, objectNotFound } from './errors.ts';
import { listPage, type ListOptions, type ListPage } from './listing.ts';
import {
  applyPatch,
  checkPreconditions,
  validateBucketName,
  validateObjectName,
} from './resource.ts';
import type { BucketRecord, ObjectPatch, ObjectRecord, Preconditions } from './types.ts';

export interface WriteResult {
  record: ObjectRecord;
  /** The live generation this write replaced, which production reports as deleted. */
  replaced?: ObjectRecord;
}

/**
 * A security-rules check run under the object's lock, so the decision sees exactly the object the
 * write replaces (or none) and what the write would leave; it throws to refuse the write.
 */
export type WriteCheck = (
  current: ObjectRecord | undefined,
  proposed: ObjectRecord | undefined,
) => void;

interface BucketState {
  record: BucketRecord;
  objects: Map<string, ObjectRecord>;
  sortedNames?: string[];
}

/**
 * Buckets and objects on disk. Each object is `{sha256(name)}.json` (its record) beside
 * `{sha256(name)}.{generation}.blob`, so any name maps to a safe file name and a new generation is
 * renamed into place before the record that points at it. Records are also held in memory.
 */
export class ObjectStore {
  readonly #root: string;
  readonly #tmp: string;
  readonly #buckets = new Map<string, BucketState>();
  readonly #locks = new Map<string, Promise<unknown>>();
  #lastGeneration = 0n;

  private constructor(dataDir: string) {
    this.#root = join(dataDir, 'buckets');
    this.#tmp = join(dataDir, 'tmp');
  }

  static async open(dataDir: string): Promise<ObjectStore> {
    const store = new ObjectStore(dataDir);
    await store.#load();
    return store;
  }

  /** A fresh path for an upload in progress, on the same file system as the blobs. */
  tempPath(): string {
    return join(this.#tmp, randomUUID());
  }

  bucket(name: string): BucketRecord | undefined {
    return this.#buckets.get(name)?.record;
  }

  buckets(): BucketRecord[] {
    return [...this.#buckets.values()].map((b) => b.record);
  }

  async ensureBucket(name: string): Promise<BucketRecord> {
    const existing = this.#buckets.get(name);
    if (existing) return existing.record;
    validateBucketName(name);
    const record: BucketRecord = { name, timeCreated: new Date().toISOString() };
    await mkdir(this.#objectsDir(name), { recursive: true });
    await writeAtomically(join(this.#root, name, 'bucket.json'), JSON.stringify(record));
    // Another request may have created it while we wrote; keep the first.
    const raced = this.#buckets.get(name);
    if (raced) return raced.record;
    this.#buckets.set(name, { record, objects: new Map() });
    return record;
  }

  get(bucket: string, name: string): ObjectRecord | undefined {
    return this.#buckets.get(bucket)?.objects.get(name);
  }

  require(bucket: string, name: string): ObjectRecord {
    const record = this.get(bucket, name);
    if (!record) throw objectNotFound(bucket, name);
    return record;
  }

  blobPath(record: ObjectRecord): string {
    return join(this.#objectsDir(record.bucket), `${keyOf(record.name)}.${record.generation}.blob`);
  }

  list(bucket: string, options: ListOptions): ListPage {
    const state = this.#buckets.get(bucket);
    if (!state) return { items: [], prefixes: [] };
    state.sortedNames ??= [...state.objects.keys()].sort(compareNames);
    return listPage(state.sortedNames, (name) => state.objects.get(name), options);
  }

  /** Moves a finished upload into place as the new live generation of `name`. */
  async commit(
    bucket: string,
    name: string,
    tempPath: string,
    digest: BlobDigest,
    fields: ObjectPatch,
    preconditions: Preconditions,
    check?: WriteCheck,
  ): Promise<WriteResult> {
    validateObjectName(name);
    await this.ensureBucket(bucket);
    return this.#withLock(bucket, name, async () => {
      const state = this.#state(bucket);
      const current = state.objects.get(name);
      checkPreconditions(current, preconditions);
      const now = new Date().toISOString();
      const base: ObjectRecord = {
        name,
        bucket,
        generation: this.#nextGeneration(),
        metageneration: '1',
        storageClass: 'STANDARD',
        size: String(digest.size),
        md5Hash: digest.md5Hash,
        crc32c: digest.crc32c,
        timeCreated: now,
        updated: now,
        timeStorageClassUpdated: now,
      };
      const record = applyPatch(base, fields);
      record.contentType ??= 'application/octet-stream';
      check?.(current, record);
      await rename(tempPath, this.blobPath(record));
      await this.#saveRecord(record);
      state.objects.set(name, record);
      if (!current) state.sortedNames = undefined;
      if (current) await rm(this.blobPath(current), { force: true });
      return current ? { record, replaced: current } : { record };
    });
  }

  async patch(
    bucket: string,
    name: string,
    patch: ObjectPatch,
    preconditions: Preconditions,
    check?: WriteCheck,
  ): Promise<ObjectRecord> {
    return this.#withLock(bucket, name, async () => {
      // The rules judge a missing object too: a denial answers 403 before the 404.
      if (check && !this.get(bucket, name)) check(undefined, undefined);
      const current = this.#requireLive(bucket, name);
      checkPreconditions(current, preconditions);
      const record = applyPatch(current, patch);
      record.metageneration = String(Number(current.metageneration) + 1);
      record.updated = new Date().toISOString();
      check?.(current, record);
      await this.#saveRecord(record);
      this.#state(bucket).objects.set(name, record);
      return record;
    });
  }

  /** Adds a download token without counting as a metadata change, as token minting does. */
  async addDownloadToken(record: ObjectRecord, token: string, key: string): Promise<ObjectRecord> {
    return this.#withLock(record.bucket, record.name, async () => {
      const current = this.#requireLive(record.bucket, record.name);
      const existing = current.metadata?.[key];
      const next: ObjectRecord = {
        ...current,
        metadata: { ...current.metadata, [key]: existing ? `${existing},${token}` : token },
      };
      await this.#saveRecord(next);
      this.#state(record.bucket).objects.set(record.name, next);
      return next;
    });
  }

  async remove(
    bucket: string,
    name: string,
    preconditions: Preconditions,
    check?: WriteCheck,
  ): Promise<ObjectRecord> {
    return this.#withLock(bucket, name, async () => {
      // The rules judge a missing object too: a denial answers 403 before the 404.
      check?.(this.get(bucket, name), undefined);
      const current = this.#requireLive(bucket, name);
      checkPreconditions(current, preconditions);
      const state = this.#state(bucket);
      await rm(this.#recordPath(bucket, name), { force: true });
      state.objects.delete(name);
      state.sortedNames = undefined;
      await rm(this.blobPath(current), { force: true });
      return current;
    });
  }

  /** Copies the source's bytes to a temp file, then commits them like an upload. */
  async copy(
    source: ObjectRecord,
    bucket: string,
    name: string,
    fields: ObjectPatch,
    preconditions: Preconditions,
  ): Promise<WriteResult> {
    const temp = this.tempPath();
    try {
      await copyFile(this.blobPath(source), temp, constants.COPYFILE_FICLONE);
    } catch (error) {
      // The source generation was replaced or deleted while we looked at it.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw objectNotFound(source.bucket, source.name);
      }
      throw error;
    }
    const digest: BlobDigest = {
      size: Number(source.size),
      md5Hash: source.md5Hash,
      crc32c: source.crc32c,
    };
    try {
      return await this.commit(bucket, name, temp, digest, fields, preconditions);
    } finally {
      await rm(temp, { force: true });
    }
  }

  async reset(): Promise<void> {
    await Promise.allSettled(this.#locks.values());
    this.#buckets.clear();
    await rm(this.#root, { recursive: true, force: true });
    await mkdir(this.#root, { recursive: true });
  }

  /** Removes temp files; called when no upload is in progress. */
  async clearTemp(): Promise<void> {
    await rm(this.#tmp, { recursive: true, force: true });
    await mkdir(this.#tmp, { recursive: true });
  }

  async #load(): Promise<void> {
    await mkdir(this.#root, { recursive: true });
    await this.clearTemp();
    for (const entry of await readdir(this.#root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const bucketFile = join(this.#root, entry.name, 'bucket.json');
      const record = JSON.parse(await readFile(bucketFile, 'utf8')) as BucketRecord;
      const state: BucketState = { record, objects: new Map() };
      this.#buckets.set(record.name, state);
      const dir = this.#objectsDir(record.name);
      await mkdir(dir, { recursive: true });
      const files = await readdir(dir);
      const live = new Set<string>();
      for (const file of files.filter((f) => f.endsWith('.json'))) {
        const object = JSON.parse(await readFile(join(dir, file), 'utf8')) as ObjectRecord;
        state.objects.set(object.name, object);
        live.add(`${keyOf(object.name)}.${object.generation}.blob`);
        const generation = BigInt(object.generation);
        if (generation > this.#lastGeneration) this.#lastGeneration = generation;
      }
      // Blobs left by a crash between renaming a blob and recording it.
      const orphans = files.filter((f) => !f.endsWith('.json') && !live.has(f));
      await Promise.all(orphans.map((f) => rm(join(dir, f), { force: true })));
    }
  }

  #state(bucket: string): BucketState {
    const state = this.#buckets.get(bucket);
    if (!state) throw bucketNotFound(bucket);
    return state;
  }

  #requireLive(bucket: string, name: string): ObjectRecord {
    const current = this.#state(bucket).objects.get(name);
    if (!current) throw objectNotFound(bucket, name);
    return current;
  }

  #objectsDir(bucket: string): string {
    return join(this.#root, bucket, 'objects');
  }

  #recordPath(bucket: string, name: string): string {
    return join(this.#objectsDir(bucket), `${keyOf(name)}.json`);
  }

  async #saveRecord(record: ObjectRecord): Promise<void> {
    await writeAtomically(this.#recordPath(record.bucket, record.name), JSON.stringify(record));
  }

  /** Microseconds since the epoch like production, strictly increasing within this store. */
  #nextGeneration(): string {
    const now = BigInt(Date.now()) * 1000n;
    this.#lastGeneration = now > this.#lastGeneration ? now : this.#lastGeneration + 1n;
    return this.#lastGeneration.toString();
  }

  /** Serialises writes to one object so precondition checks and renames do not interleave. */
  async #withLock<T>(bucket: string, name: string, fn: () => Promise<T>): Promise<T> {
    const key = `${bucket}\n${name}`;
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#locks.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.#locks.get(key) === settled) this.#locks.delete(key);
    }
  }
}

function keyOf(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** Cloud Storage orders names by their UTF-8 bytes. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${randomUUID()}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
}

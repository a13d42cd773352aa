export interface StorageServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Blobs and metadata live here; created if missing. */
  dataDir: string;
  /** Created at start, e.g. 'demo-gadget.appspot.com'; other buckets are created on first write. */
  defaultBucket?: string;
  /** Larger uploads are answered 413. Defaults to 1 GiB. */
  maxUploadBytes?: number;
}

/** The JSON API object resource: the stored record plus the ids and links rendered from it. */
export interface StorageObjectMetadata extends ObjectRecord {
  kind: 'storage#object';
  id: string;
  selfLink: string;
  mediaLink: string;
  etag: string;
}

export interface StorageServer {
  readonly host: string;
  readonly port: number;
  /** e.g. 'http://127.0.0.1:9199' */
  readonly url: string;
  /** For FIREBASE_STORAGE_EMULATOR_HOST / STORAGE_EMULATOR_HOST. */
  readonly hostAndPort: string;
  stop(): Promise<void>;
  /** Deletes all buckets and objects (the default bucket is recreated empty). */
  reset(): Promise<void>;
  /** After every successful object write: upload, copy/rewrite target, compose. */
  onFinalize(listener: (object: StorageObjectMetadata) => void): () => void;
  /** After every delete, and for the replaced generation when a write overwrites a live object. */
  onDelete(listener: (object: StorageObjectMetadata) => void): () => void;
}

/** What is persisted per object; links and ids are derived when rendered. */
export interface ObjectRecord {
  name: string;
  bucket: string;
  generation: string;
  metageneration: string;
  contentType?: string;
  storageClass: string;
  size: string;
  md5Hash: string;
  crc32c: string;
  timeCreated: string;
  updated: string;
  timeStorageClassUpdated: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  metadata?: Record<string, string>;
}

export interface BucketRecord {
  name: string;
  timeCreated: string;
}

/** The writable part of an object resource as a request carries it; null clears a field. */
export interface ObjectPatch {
  contentType?: string | null;
  cacheControl?: string | null;
  contentDisposition?: string | null;
  contentEncoding?: string | null;
  contentLanguage?: string | null;
  metadata?: Record<string, string | null> | null;
}

export interface Preconditions {
  ifGenerationMatch?: string;
  ifGenerationNotMatch?: string;
  ifMetagenerationMatch?: string;
  ifMetagenerationNotMatch?: string;
}

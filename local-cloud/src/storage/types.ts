import type { FirestoreEngine } from '../firestore/data/engine.ts';
import type { AccessOptions } from '../net/access-policy.ts';
import type { RulesHolder } from '../rules/rules-holder.ts';
import type { ProjectCheck } from '../single-project.ts';

/** `allowedHosts` and `allowedOrigins`: who besides loopback may call (net/access-policy.ts). */
export interface StorageServerOptions extends AccessOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Blobs and metadata live here; created if missing. */
  dataDir: string;
  /** Created at start, e.g. 'demo-project.appspot.com'; other buckets are created on first write. */
  defaultBucket?: string;
  /** Larger uploads are answered 413. Defaults to 1 GiB. */
  maxUploadBytes?: number;
  /**
   * The project whose rules the emulator endpoints set and whose Firestore the rules read;
   * defaults to the default bucket's name without `.appspot.com`, else 'demo-project'.
   */
  projectId?: string;
  /**
   * storage.rules to evaluate for every Firebase Storage API request, reloaded when the file
   * changes. Without it requests are allowed until rules are loaded through the emulator endpoint.
   */
  rulesFile?: string;
  /**
   * told when the rules file changed: undefined once reloaded, else why the previous rules stay (a
   * RulesSyntaxError with its line and column, or the error reading the file)
   */
  onRulesReload?: (error: Error | undefined) => void;
  /** Where the rules' firestore.get() and firestore.exists() read: the project's (default) database. */
  firestore?: FirestoreEngine;
  /**
   * In single project mode: refuses Firebase API requests to another project's default bucket
   * (`{project}.appspot.com` or `{project}.firebasestorage.app`).
   */
  projectCheck?: ProjectCheck;
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
  readonly projectId: string;
  /** The security rules in force, their recent decisions and coverage. */
  readonly rules: RulesHolder;
  stop(): Promise<void>;
  /** Deletes all buckets and objects (the default bucket is recreated empty); the rules stay. */
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

import type { ServerResponse } from 'node:http';
import type { StorageObjectMetadata } from './types.ts';
import { logger } from '../log.ts';

const log = logger('storage');

export type StorageEventKind = 'finalize' | 'delete';
type Listener = (object: StorageObjectMetadata) => void;

/**
 * Finalize and delete notifications. They go out once the response has been sent, so a
 * listener can never delay or fail the request that caused them.
 */
export class StorageEvents {
  readonly #listeners: Record<StorageEventKind, Set<Listener>> = {
    finalize: new Set(),
    delete: new Set(),
  };

  on(kind: StorageEventKind, listener: Listener): () => void {
    this.#listeners[kind].add(listener);
    return () => this.#listeners[kind].delete(listener);
  }

  afterResponse(res: ServerResponse, events: [StorageEventKind, StorageObjectMetadata][]): void {
    if (events.length === 0) return;
    const deliver = (): void => {
      setImmediate(() => {
        for (const [kind, object] of events) this.#emit(kind, object);
      });
    };
    if (res.writableFinished || res.destroyed) deliver();
    else res.once('close', deliver);
  }

  #emit(kind: StorageEventKind, object: StorageObjectMetadata): void {
    for (const listener of [...this.#listeners[kind]]) {
      try {
        listener(object);
      } catch (error) {
        log.error(`a ${kind} listener failed for ${object.bucket}/${object.name}`, error);
      }
    }
  }
}

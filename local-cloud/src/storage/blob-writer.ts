import { createHash, type Hash } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { crc32cBase64, crc32cUpdate } from './crc32c.ts';
import { StorageApiError } from './errors.ts';

export interface BlobDigest {
  size: number;
  md5Hash: string;
  crc32c: string;
}

interface Checkpoint {
  size: number;
  md5: Hash;
  crc: number;
}

/**
 * Writes an upload to a temp file while hashing it, so nothing is buffered in memory and the
 * hashes are ready at finalize. A failed chunk rolls back to the last checkpoint, which lets a
 * resumable session survive an aborted request.
 */
export class BlobWriter {
  readonly path: string;
  readonly maxBytes: number;
  #file: FileHandle;
  #size = 0;
  #md5 = createHash('md5');
  #crc = 0;

  private constructor(path: string, file: FileHandle, maxBytes: number) {
    this.path = path;
    this.#file = file;
    this.maxBytes = maxBytes;
  }

  static async create(path: string, maxBytes: number): Promise<BlobWriter> {
    return new BlobWriter(path, await open(path, 'w'), maxBytes);
  }

  get size(): number {
    return this.#size;
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.#size + chunk.length > this.maxBytes) {
      throw new StorageApiError(
        413,
        'uploadTooLarge',
        `Uploads are limited to ${this.maxBytes} bytes.`,
      );
    }
    let written = 0;
    while (written < chunk.length) {
      const { bytesWritten } = await this.#file.write(
        chunk,
        written,
        chunk.length - written,
        this.#size + written,
      );
      written += bytesWritten;
    }
    this.#md5.update(chunk);
    this.#crc = crc32cUpdate(this.#crc, chunk);
    this.#size += chunk.length;
  }

  /** Appends a whole stream, skipping its first `skip` bytes (a resent range already stored). */
  async append(body: AsyncIterable<Buffer>, skip = 0): Promise<void> {
    let toSkip = skip;
    for await (const chunk of body) {
      if (toSkip >= chunk.length) {
        toSkip -= chunk.length;
        continue;
      }
      await this.write(toSkip > 0 ? chunk.subarray(toSkip) : chunk);
      toSkip = 0;
    }
  }

  checkpoint(): Checkpoint {
    return { size: this.#size, md5: this.#md5.copy(), crc: this.#crc };
  }

  async rollback(checkpoint: Checkpoint): Promise<void> {
    this.#size = checkpoint.size;
    this.#md5 = checkpoint.md5;
    this.#crc = checkpoint.crc;
    await this.#file.truncate(checkpoint.size);
  }

  /** Closes the file; the writer must not be used afterwards. */
  async finish(): Promise<BlobDigest> {
    await this.#file.close();
    return {
      size: this.#size,
      md5Hash: this.#md5.digest('base64'),
      crc32c: crc32cBase64(this.#crc),
    };
  }

  async discard(): Promise<void> {
    await this.#file.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }
}

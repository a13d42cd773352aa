import { randomBytes } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { FirestoreEngine } from '../data/engine.ts';
import { RpcError, invalid } from '../data/errors.ts';
import { databaseKey, parseDatabase } from '../data/names.ts';
import type { DatabaseName } from '../data/names.ts';
import type { WriteRequest__Output as WriteRequest } from '../generated/google/firestore/v1/WriteRequest.ts';
import type { WriteOverlay } from '../data/writes.ts';
import type { ClientAuthorizer } from './authorizer.ts';
import type { ClientStream, StreamSink } from './frontend.ts';
import type { ClientIdentity } from './identity.ts';

/**
 * One Write stream: the client's first request (the database, no writes) is answered with a stream
 * id and token; each later request carries the last token and a batch of writes, committed
 * atomically and answered with the write results, the commit time and a new token. An empty batch
 * (the SDK's farewell) only acknowledges the token. A batch that fails ends the stream with its
 * status, which the SDK maps to the failed batch and then reconnects for the next one.
 */
export class WriteStream implements ClientStream {
  private readonly streamId = randomBytes(8).toString('hex');
  private database: DatabaseName | undefined;
  private sequence = 0;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  private readonly engine: FirestoreEngine;
  private readonly authorizer: () => ClientAuthorizer;
  private readonly identity: ClientIdentity;
  private readonly sink: StreamSink;

  constructor(
    engine: FirestoreEngine,
    authorizer: () => ClientAuthorizer,
    identity: ClientIdentity,
    sink: StreamSink,
  ) {
    this.engine = engine;
    this.authorizer = authorizer;
    this.identity = identity;
    this.sink = sink;
  }

  receive(message: object): void {
    // Batches commit one after another, so results come back in the order they were sent.
    this.queue = this.queue.then(() => this.handle(message as WriteRequest));
  }

  cancel(): void {
    this.closed = true;
  }

  private isClosed(): boolean {
    return this.closed;
  }

  private async handle(req: WriteRequest): Promise<void> {
    if (this.closed) return;
    try {
      const db = parseDatabase(req.database ?? (this.database ? databaseKey(this.database) : ''));
      if (!this.database) {
        if ((req.writes?.length ?? 0) > 0)
          throw invalid('The first request of a Write stream is a handshake without writes.');
        this.database = db;
        this.sink.send({ streamId: this.streamId, streamToken: this.nextToken() });
        return;
      }
      if (databaseKey(db) !== databaseKey(this.database))
        throw invalid('A Write stream serves one database.');
      this.checkToken(req.streamToken);
      const writes = req.writes ?? [];
      if (writes.length === 0) return;
      const identity = this.identity;
      const check =
        identity.kind === 'owner'
          ? undefined
          : (batch: WriteOverlay) => {
              this.authorizer().authorizeWrites(identity, db, batch);
            };
      const result = await this.engine.commit({ database: databaseKey(db), writes }, check);
      // The client may have gone while the commit waited for locks.
      if (this.isClosed()) return;
      this.sink.send({
        streamId: this.streamId,
        streamToken: this.nextToken(),
        writeResults: result.writeResults,
        commitTime: result.commitTime,
      });
    } catch (e) {
      this.closed = true;
      this.sink.close(e instanceof RpcError ? e : new RpcError(status.INTERNAL, String(e)));
    }
  }

  private nextToken(): Buffer {
    const token = Buffer.alloc(12);
    token.write(this.streamId.slice(0, 8), 'hex');
    token.writeUInt32BE(++this.sequence, 8);
    return token;
  }

  /** A token from another stream, or one this stream never issued, is refused. */
  private checkToken(token: Uint8Array | undefined): void {
    if (!token || token.length === 0) return;
    const b = Buffer.from(token);
    if (b.length !== 12 || b.subarray(0, 4).toString('hex') !== this.streamId.slice(0, 8))
      throw invalid('Invalid stream token: it belongs to another stream.');
    if (b.readUInt32BE(8) > this.sequence) throw invalid('Invalid stream token.');
  }
}

import { status } from '@grpc/grpc-js';
import type { ClientAuthorizer } from '../client/authorizer.ts';
import type { ClientStream, StreamSink } from '../client/frontend.ts';
import type { ClientIdentity } from '../client/identity.ts';
import type { FirestoreEngine } from '../data/engine.ts';
import { RpcError } from '../data/errors.ts';
import type { DatabaseName } from '../data/names.ts';
import type { Change } from '../data/writes.ts';
import { ListenStream } from './listen-stream.ts';
import type { StreamTarget } from './listen-stream.ts';
import { TargetIndex } from './target-index.ts';

/**
 * All Listen streams of one server: it opens them, indexes their targets and hands each commit to
 * the streams whose targets it touches, in commit order and before the commit's caller hears back.
 */
export class ListenHub {
  private readonly index = new TargetIndex<StreamTarget>();
  private readonly streams = new Set<ListenStream>();
  private epoch = 0;
  private readonly unsubscribe: () => void;

  private readonly engine: FirestoreEngine;
  private readonly authorizer: () => ClientAuthorizer;

  constructor(engine: FirestoreEngine, authorizer: () => ClientAuthorizer) {
    this.engine = engine;
    this.authorizer = authorizer;
    this.unsubscribe = engine.onCommit((db, changes, micros) => {
      this.route(db, changes, micros);
    });
  }

  open(identity: ClientIdentity, sink: StreamSink): ClientStream {
    let stream: ListenStream | undefined = undefined;
    const tracked: StreamSink = {
      send: (m) => {
        sink.send(m);
      },
      close: (e) => {
        if (stream) this.streams.delete(stream);
        sink.close(e);
      },
    };
    stream = new ListenStream(
      {
        engine: this.engine,
        authorizer: this.authorizer,
        track: (t) => {
          this.index.add(t);
        },
        untrack: (t) => {
          this.index.remove(t);
        },
        epochMicros: () => this.epoch,
      },
      identity,
      tracked,
    );
    this.streams.add(stream);
    const opened = stream;
    return {
      receive: (m) => {
        opened.receive(m);
      },
      cancel: () => {
        this.streams.delete(opened);
        opened.cancel();
      },
    };
  }

  /**
   * The data was replaced (reset or restore): every stream ends with UNAVAILABLE, so clients
   * reconnect and resume; resume tokens from before now cannot be served from history, so those
   * targets get their documents again plus an existence filter that lets clients drop the rest.
   */
  dataReplaced(): void {
    this.epoch = this.engine.clock.now();
    for (const s of [...this.streams])
      s.fail(new RpcError(status.UNAVAILABLE, 'The local-cloud Firestore data was reset.'));
    this.streams.clear();
  }

  /** Open streams and targets, for tests and the benchmark's leak checks. */
  stats(): { streams: number; targets: number } {
    return { streams: this.streams.size, targets: this.index.size };
  }

  close(): void {
    this.unsubscribe();
    for (const s of [...this.streams]) s.fail(new RpcError(status.UNAVAILABLE, 'Server stopping.'));
    this.streams.clear();
  }

  private route(db: DatabaseName, changes: readonly Change[], micros: number): void {
    if (this.index.size === 0) return;
    const byStream = new Map<ListenStream, Map<StreamTarget, Change[]>>();
    for (const change of changes) {
      for (const target of this.index.affectedBy(db, change.path)) {
        let perTarget = byStream.get(target.stream);
        if (!perTarget) {
          perTarget = new Map();
          byStream.set(target.stream, perTarget);
        }
        let list = perTarget.get(target);
        if (!list) {
          list = [];
          perTarget.set(target, list);
        }
        list.push(change);
      }
    }
    for (const [stream, perTarget] of byStream) stream.applyCommit(db, perTarget, micros);
  }
}

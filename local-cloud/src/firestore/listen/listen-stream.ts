import { status } from '@grpc/grpc-js';
import type { ClientAuthorizer } from '../client/authorizer.ts';
import type { ClientStream, StreamSink } from '../client/frontend.ts';
import type { ClientIdentity } from '../client/identity.ts';
import { toDocument } from '../data/engine.ts';
import type { FirestoreEngine } from '../data/engine.ts';
import { RpcError, invalid } from '../data/errors.ts';
import { databaseKey, documentName, parseDatabase } from '../data/names.ts';
import type { DatabaseName } from '../data/names.ts';
import { projectDoc } from '../data/query.ts';
import type { StoredDoc } from '../data/stored-doc.ts';
import { microsFromTimestamp, timestampFromMicros } from '../data/values.ts';
import type { Change } from '../data/writes.ts';
import { bloomFilterOf } from './bloom-filter.ts';
import { microsOfResumeToken, resumeTokenAt } from './resume-token.ts';
import { ListenTarget, parseTargetSpec } from './target.ts';
import type { ListenRequest__Output as ListenRequest } from '../generated/google/firestore/v1/ListenRequest.ts';
import type { Target__Output as TargetProto } from '../generated/google/firestore/v1/Target.ts';

/** What a stream needs from the server around it. */
export interface ListenContext {
  readonly engine: FirestoreEngine;
  readonly authorizer: () => ClientAuthorizer;
  /** Registers or unregisters a target with the commit router. */
  readonly track: (target: StreamTarget) => void;
  readonly untrack: (target: StreamTarget) => void;
  /** Reads older than this (a reset or a restore) cannot be resumed from history. */
  readonly epochMicros: () => number;
}

/** A target together with the stream that owns it, as the commit router sees it. */
export class StreamTarget extends ListenTarget {
  stream!: ListenStream;
}

interface PendingDoc {
  doc: StoredDoc | null;
  /** whether this commit wrote the document (else it only moved through a limit's window) */
  written: boolean;
  added: number[];
  removed: number[];
}

/**
 * One Listen stream, whatever the transport. The client adds and removes targets; for each, the
 * server answers ADD, the matching documents, CURRENT with a resume token, and a global NO_CHANGE
 * with a read time (which lets the SDK raise a snapshot). After that each commit sends only the
 * documents that entered, changed in or left each of the stream's targets, then one global
 * NO_CHANGE at the commit time.
 */
export class ListenStream implements ClientStream {
  private readonly targets = new Map<number, StreamTarget>();
  /** Targets this server removed (an error or `once`): a late RemoveTarget for them is no error. */
  private readonly removedByServer = new Set<number>();
  private database: DatabaseName | undefined;
  private closed = false;

  private readonly ctx: ListenContext;
  private readonly identity: ClientIdentity;
  private readonly sink: StreamSink;

  constructor(ctx: ListenContext, identity: ClientIdentity, sink: StreamSink) {
    this.ctx = ctx;
    this.identity = identity;
    this.sink = sink;
  }

  receive(message: object): void {
    if (this.closed) return;
    try {
      this.handle(message);
    } catch (e) {
      this.fail(e instanceof RpcError ? e : new RpcError(status.INTERNAL, String(e)));
    }
  }

  cancel(): void {
    this.dropAll();
  }

  /** Ends the stream with an error (the client reconnects and re-adds its targets). */
  fail(error: RpcError): void {
    if (this.closed) return;
    this.dropAll();
    this.sink.close(error);
  }

  private dropAll(): void {
    this.closed = true;
    for (const t of this.targets.values()) this.ctx.untrack(t);
    this.targets.clear();
  }

  private handle(req: ListenRequest): void {
    const db = parseDatabase(req.database ?? '');
    if (this.database && databaseKey(this.database) !== databaseKey(db))
      throw invalid('A Listen stream serves one database.');
    this.database = db;
    const which = req.targetChange ?? (req.addTarget ? 'addTarget' : undefined);
    if (which === 'addTarget' && req.addTarget) this.add(db, req.addTarget);
    else if (which === 'removeTarget') this.remove(req.removeTarget ?? 0);
    else throw invalid('A ListenRequest adds or removes a target.');
  }

  private add(db: DatabaseName, proto: TargetProto): void {
    const id = proto.targetId ?? 0;
    if (this.targets.has(id))
      throw invalid(`Target id ${String(id)} is already in use on this stream.`);
    this.removedByServer.delete(id);
    const engine = this.ctx.engine;
    let target: StreamTarget;
    let since: number | undefined;
    try {
      since = this.resumePoint(proto);
      const spec = parseTargetSpec(proto, db, engine.strictIndexes ? engine.indexes : undefined);
      target = new StreamTarget(id, db, spec, proto.once === true);
      if (this.identity.kind !== 'owner') {
        const authorizer = this.ctx.authorizer();
        if (spec.kind === 'query')
          authorizer.authorizeRead(this.identity, db, { kind: 'list', plan: spec.plan });
        else
          for (const path of spec.paths)
            authorizer.authorizeRead(this.identity, db, { kind: 'get', path });
      }
    } catch (e) {
      if (!(e instanceof RpcError)) throw e;
      // A target the server cannot serve is removed with its cause; the stream stays open.
      this.sink.send({ targetChange: { targetChangeType: 'ADD', targetIds: [id] } });
      this.removeWithCause(id, e);
      return;
    }
    target.stream = this;
    this.sink.send({ targetChange: { targetChangeType: 'ADD', targetIds: [id] } });
    const readMicros = engine.clock.now();
    this.sendInitial(target, since);
    this.sink.send({
      targetChange: {
        targetChangeType: 'CURRENT',
        targetIds: [id],
        resumeToken: resumeTokenAt(readMicros),
        readTime: timestampFromMicros(readMicros),
      },
    });
    if (target.once) {
      this.sink.send({ targetChange: { targetChangeType: 'REMOVE', targetIds: [id] } });
      this.removedByServer.add(id);
    } else {
      this.targets.set(id, target);
      this.ctx.track(target);
    }
    this.sendGlobal(readMicros);
  }

  /** Where a resumed target picks up: its token's (or read time's) micros, if history has them. */
  private resumePoint(proto: TargetProto): number | undefined {
    let micros: number | undefined;
    if (proto.resumeToken && proto.resumeToken.length > 0)
      micros = microsOfResumeToken(proto.resumeToken);
    else if (proto.readTime) micros = microsFromTimestamp(proto.readTime);
    if (micros === undefined) return undefined;
    if (micros > this.ctx.engine.clock.now()) throw invalid('The resume point is in the future.');
    return micros;
  }

  /**
   * A new target gets its documents; a resumed one gets what changed since its resume point (what
   * changed, entered or left), then an ExistenceFilter with the count and a bloom filter of the
   * matching names, so a client holding documents the server no longer knows about can drop them.
   */
  private sendInitial(target: StreamTarget, since: number | undefined): void {
    const engine = this.ctx.engine;
    const database = engine.store.database(databaseKey(target.db));
    const now = target.evaluate(database);
    this.countReads(target, now.length);
    target.docs = new Set(now.map((d) => d.path));
    if (since === undefined) {
      for (const doc of now) this.sendChange(target, doc, [target.id], []);
      return;
    }
    // Before the data was replaced, or before the history kept, the past is not known: the target
    // gets its documents again and the existence filter lets the client drop the rest.
    const known = since >= Math.max(this.ctx.epochMicros(), engine.oldestReadableMicros());
    const before = known ? new Set(target.evaluate(database, since).map((d) => d.path)) : undefined;
    for (const doc of now) {
      if (!before || doc.updateMicros > since || !before.has(doc.path))
        this.sendChange(target, doc, [target.id], []);
    }
    for (const path of before ?? []) {
      if (target.docs.has(path)) continue;
      const doc = database.get(path) ?? null;
      this.sendLeave(target.db, path, doc, [target.id], engine.clock.now());
    }
    const names = now.map((d) => documentName(target.db, d.path));
    // The SDK checks a documents target's count against 0 or 1 only.
    if (target.spec.kind === 'query' || target.spec.paths.length === 1)
      this.sink.send({
        filter: { targetId: target.id, count: names.length, unchangedNames: bloomFilterOf(names) },
      });
  }

  private remove(id: number): void {
    const target = this.targets.get(id);
    if (!target) {
      if (this.removedByServer.delete(id)) return;
      throw invalid(`Target id ${String(id)} is not open on this stream.`);
    }
    this.targets.delete(id);
    this.ctx.untrack(target);
    this.sink.send({ targetChange: { targetChangeType: 'REMOVE', targetIds: [id] } });
  }

  private removeWithCause(id: number, error: RpcError): void {
    this.removedByServer.add(id);
    this.sink.send({
      targetChange: {
        targetChangeType: 'REMOVE',
        targetIds: [id],
        cause: { code: error.code, message: error.message },
      },
    });
  }

  /**
   * One commit's changes to this stream's targets: each document once, with the targets it is now
   * in and the ones it left, then a global NO_CHANGE at the commit time.
   */
  applyCommit(
    db: DatabaseName,
    perTarget: ReadonlyMap<StreamTarget, Change[]>,
    commitMicros: number,
  ): void {
    if (this.closed) return;
    const database = this.ctx.engine.store.database(databaseKey(db));
    const pending = new Map<string, PendingDoc>();
    const written = new Set<string>();
    for (const changes of perTarget.values()) for (const c of changes) written.add(c.path);
    const entry = (path: string, doc: StoredDoc | null): PendingDoc => {
      let e = pending.get(path);
      if (!e) {
        e = { doc, written: written.has(path), added: [], removed: [] };
        pending.set(path, e);
      }
      return e;
    };
    for (const [target, changes] of perTarget) {
      if (!this.stillAllowed(target, db)) continue;
      if (target.windowed) {
        const now = target.evaluate(database);
        const next = new Set(now.map((d) => d.path));
        for (const path of target.docs)
          if (!next.has(path)) entry(path, database.get(path) ?? null).removed.push(target.id);
        for (const doc of now)
          if (!target.docs.has(doc.path) || written.has(doc.path))
            entry(doc.path, doc).added.push(target.id);
        target.docs = next;
        continue;
      }
      for (const c of changes) {
        const nowIn = c.after !== null && target.accepts(c.after);
        if (nowIn) {
          entry(c.path, c.after).added.push(target.id);
          target.docs.add(c.path);
        } else if (target.docs.delete(c.path)) {
          entry(c.path, c.after).removed.push(target.id);
        }
      }
    }
    if (pending.size === 0) return;
    for (const [path, e] of pending) {
      if (e.doc && (e.added.length > 0 || e.written)) {
        // A written document that left a target still comes with its new content, so the client
        // updates its copy instead of asking for it again (a "limbo" document).
        this.ctx.engine.ops.documentReads(e.added.length);
        const first = e.added[0] ?? e.removed[0] ?? -1;
        this.sendChange(this.targets.get(first), e.doc, e.added, e.removed);
      } else this.sendLeave(db, path, e.doc, e.removed, commitMicros);
    }
    this.sendGlobal(commitMicros);
  }

  /**
   * A documents target is re-judged when its document changes, as production does, since the
   * rules may read the document itself (a member removed from a device's member list): a target
   * the rules now refuse is removed with PERMISSION_DENIED and the client's listener fails.
   */
  private stillAllowed(target: StreamTarget, db: DatabaseName): boolean {
    if (this.identity.kind === 'owner' || target.spec.kind !== 'documents') return true;
    try {
      for (const path of target.spec.paths)
        this.ctx.authorizer().authorizeRead(this.identity, db, { kind: 'get', path });
      return true;
    } catch (e) {
      if (!(e instanceof RpcError)) throw e;
      this.targets.delete(target.id);
      this.ctx.untrack(target);
      this.removeWithCause(target.id, e);
      return false;
    }
  }

  private sendChange(
    target: ListenTarget | undefined,
    doc: StoredDoc,
    targetIds: number[],
    removedTargetIds: number[],
  ): void {
    if (!target) return;
    const plan = target.spec.kind === 'query' ? target.spec.plan : undefined;
    this.sink.send({
      documentChange: {
        document: toDocument(target.db, doc, projectDoc(doc, plan?.projection)),
        targetIds,
        removedTargetIds,
      },
    });
  }

  /** A deleted document is a DocumentDelete; one that stopped matching is a DocumentRemove. */
  private sendLeave(
    db: DatabaseName,
    path: string,
    doc: StoredDoc | null,
    removedTargetIds: number[],
    micros: number,
  ): void {
    const body = {
      document: documentName(db, path),
      removedTargetIds,
      readTime: timestampFromMicros(micros),
    };
    this.sink.send(doc ? { documentRemove: body } : { documentDelete: body });
  }

  private sendGlobal(micros: number): void {
    this.sink.send({
      targetChange: {
        targetChangeType: 'NO_CHANGE',
        targetIds: [],
        resumeToken: resumeTokenAt(micros),
        readTime: timestampFromMicros(micros),
      },
    });
  }

  private countReads(target: ListenTarget, found: number): void {
    const ops = this.ctx.engine.ops;
    if (target.spec.kind === 'documents') ops.documentReads(target.spec.paths.length);
    else ops.queryReads(found);
  }
}

import type { ServerResponse } from 'node:http';
import type { ClientStream, StreamSink } from '../../client/frontend.ts';
import type { RpcError } from '../../data/errors.ts';
import { asRpcError, errorPayload } from '../errors.ts';
import { parseProtoJson, toProtoJson } from '../proto-json.ts';
import { arrayJson, frameArrays } from './framing.ts';
import type { ForwardMessage } from './framing.ts';

export interface WebChannelTimings {
  /** how often an idle back channel gets a `["noop"]`; also announced in the handshake */
  readonly keepaliveMs: number;
  /** how long a session lives with no back channel and no request before it is dropped */
  readonly idleMs: number;
}

interface BackChannel {
  readonly res: ServerResponse;
  /** CI=0: the response stays open; CI=1 (long polling): it ends once something was written */
  readonly streaming: boolean;
}

/** The stream's message types, by full name. */
export interface MessageTypes {
  readonly request: string;
  readonly response: string;
}

interface QueuedArray {
  readonly id: number;
  readonly json: string;
}

/**
 * One WebChannel session, carrying one Listen or Write stream. Server messages are numbered
 * arrays kept until the client acknowledges them (`AID`), so a back channel that drops loses
 * nothing: the next one resends what came after its AID. Client messages are numbered maps,
 * delivered once each even when a forward-channel request is retried.
 */
export class WebChannelSession {
  private stream: ClientStream | undefined;
  private readonly queue: QueuedArray[] = [];
  /** array 0 was the handshake's `["c", …]` */
  private nextArrayId = 1;
  private nextMapId = 0;
  private backChannel: BackChannel | undefined;
  private noopTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private streamEnded = false;
  private terminated = false;
  readonly id: string;
  private readonly messageTypes: MessageTypes;
  private readonly timings: WebChannelTimings;
  private readonly onTerminated: (session: WebChannelSession) => void;

  constructor(
    id: string,
    messageTypes: MessageTypes,
    timings: WebChannelTimings,
    onTerminated: (session: WebChannelSession) => void,
  ) {
    this.id = id;
    this.messageTypes = messageTypes;
    this.timings = timings;
    this.onTerminated = onTerminated;
    this.armIdleTimer();
  }

  /** What the stream's implementation writes to. */
  readonly sink: StreamSink = {
    send: (message) => {
      if (this.streamEnded) return;
      let json: unknown;
      try {
        json = toProtoJson(this.messageTypes.response, message);
      } catch (e) {
        this.fail(asRpcError(e));
        return;
      }
      this.push([json]);
    },
    close: (error) => {
      this.endStream(error);
    },
  };

  attachStream(stream: ClientStream): void {
    // A stream that ended while it was being opened has nothing left to cancel.
    if (!this.streamEnded) this.stream = stream;
  }

  /** The id of the last array handed out, which forward-channel answers report. */
  get lastArrayId(): number {
    return this.nextArrayId - 1;
  }

  get hasBackChannel(): boolean {
    return this.backChannel !== undefined;
  }

  /** Characters queued but not yet acknowledged (closure's "outstanding bytes"). */
  get outstanding(): number {
    return this.queue.reduce((n, a) => n + a.json.length, 0);
  }

  /** Timers this session holds (for leak checks): at most the noop and the idle timer. */
  get timerCount(): number {
    return (this.noopTimer ? 1 : 0) + (this.idleTimer ? 1 : 0);
  }

  /** The client has seen every array up to `aid`. */
  acknowledge(aid: number): void {
    let drop = 0;
    while (drop < this.queue.length && (this.queue[drop]?.id ?? Infinity) <= aid) drop++;
    this.queue.splice(0, drop);
  }

  /** A request arrived for this session: the idle clock starts again. */
  touch(): void {
    if (this.idleTimer) this.armIdleTimer();
  }

  /** Client messages from the handshake or a forward-channel request. */
  receive(messages: readonly ForwardMessage[]): void {
    for (const m of messages) {
      if (m.mapId < this.nextMapId) continue; // a retried request resent it
      this.nextMapId = m.mapId + 1;
      if (this.streamEnded) continue;
      try {
        const request = parseProtoJson(this.messageTypes.request, m.data);
        this.stream?.receive(request);
      } catch (e) {
        this.fail(asRpcError(e));
      }
    }
  }

  /** A back channel GET: sends what the client has not acknowledged, then what comes. */
  attachBackChannel(res: ServerResponse, streaming: boolean, aid: number): void {
    this.detachBackChannel();
    this.acknowledge(aid);
    this.clearIdleTimer();
    res.writeHead(200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-cache, no-store, max-age=0, must-revalidate',
      'X-Content-Type-Options': 'nosniff',
    });
    res.socket?.setNoDelay(true);
    const channel: BackChannel = { res, streaming };
    this.backChannel = channel;
    res.on('close', () => {
      if (this.backChannel === channel) this.detachBackChannel();
    });
    if (this.queue.length > 0) this.write(this.queue.map((a) => a.json));
    // The client takes a streaming back channel that stays silent for two handshake round
    // trips for one behind a buffering proxy and falls back to long polling: answer at once.
    else if (streaming) this.writeNoop();
    if (this.backChannel === channel) {
      this.noopTimer = setInterval(() => {
        this.writeNoop();
      }, this.timings.keepaliveMs);
    }
  }

  /** Ends the session (TYPE=terminate, expiry, or the server stopping). */
  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.clearIdleTimer();
    const res = this.backChannel?.res;
    this.detachBackChannel();
    res?.end();
    if (!this.streamEnded) {
      this.streamEnded = true;
      this.stream?.cancel();
    }
    this.stream = undefined;
    this.onTerminated(this);
  }

  /** Ends the stream on the client's behalf with an error it caused (e.g. malformed JSON). */
  fail(error: RpcError): void {
    if (this.streamEnded) return;
    const stream = this.stream;
    this.endStream(error);
    stream?.cancel();
  }

  /**
   * The stream is over: an error travels as `{"error":{…}}`, which the web SDK turns into the
   * stream's error and answers by closing the channel; a clean end is WebChannel's `["close"]`.
   */
  private endStream(error: RpcError | undefined): void {
    if (this.streamEnded) return;
    this.streamEnded = true;
    this.stream = undefined;
    this.push(error ? [errorPayload(error)] : ['close']);
  }

  private push(payload: unknown): void {
    if (this.terminated) return;
    const array = { id: this.nextArrayId++, json: arrayJson(this.nextArrayId - 1, payload) };
    this.queue.push(array);
    if (this.backChannel) this.write([array.json]);
  }

  /** Noops are never resent: they carry nothing, and a later array moves AID past them anyway. */
  private writeNoop(): void {
    if (!this.backChannel) return;
    this.write([arrayJson(this.nextArrayId++, ['noop'])]);
  }

  private write(arrays: string[]): void {
    const channel = this.backChannel;
    if (!channel) return;
    channel.res.write(frameArrays(arrays));
    if (!channel.streaming) {
      this.detachBackChannel();
      channel.res.end();
    }
  }

  private detachBackChannel(): void {
    const channel = this.backChannel;
    if (!channel) return;
    this.backChannel = undefined;
    clearInterval(this.noopTimer);
    this.noopTimer = undefined;
    if (!channel.res.writableEnded) channel.res.end();
    if (!this.terminated) this.armIdleTimer();
  }

  private armIdleTimer(): void {
    this.clearIdleTimer();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      this.terminate();
    }, this.timings.idleMs);
  }

  private clearIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BidiMethod, FirestoreFrontend } from '../../client/frontend.ts';
import { identityFromAuthorization } from '../../client/identity.ts';
import { asRpcError } from '../errors.ts';
import { frame, parseForwardBody } from './framing.ts';
import { WebChannelSession } from './session.ts';
import type { WebChannelTimings } from './session.ts';

export const DEFAULT_WEBCHANNEL_TIMINGS: WebChannelTimings = {
  keepaliveMs: 30_000,
  idleMs: 60_000,
};

/** The path the web SDK opens its streams on (webchannel_connection.ts openStream). */
export const WEBCHANNEL_PATH = /^\/google\.firestore\.v1\.Firestore\/(Listen|Write)\/channel$/;

const MESSAGE_TYPES: Record<BidiMethod, { request: string; response: string }> = {
  Listen: {
    request: 'google.firestore.v1.ListenRequest',
    response: 'google.firestore.v1.ListenResponse',
  },
  Write: {
    request: 'google.firestore.v1.WriteRequest',
    response: 'google.firestore.v1.WriteResponse',
  },
};

// The channel version spoken and the server version announced in the handshake (as Google's
// WebChannel servers answer CVER=22 clients).
const CHANNEL_VERSION = 8;
const SERVER_VERSION = 12;

/**
 * The browser SDK's Listen and Write streams over WebChannel: the handshake (a POST without SID),
 * forward-channel POSTs, back-channel GETs (`RID=rpc`) and `TYPE=terminate`, each session one
 * stream opened through the frontend.
 */
export class WebChannelServer {
  private readonly sessions = new Map<string, WebChannelSession>();
  private readonly frontend: FirestoreFrontend;
  private readonly timings: WebChannelTimings;

  constructor(
    frontend: FirestoreFrontend,
    timings: WebChannelTimings = DEFAULT_WEBCHANNEL_TIMINGS,
  ) {
    this.frontend = frontend;
    this.timings = timings;
  }

  /** Open sessions and the timers they hold, for leak checks. */
  stats(): { sessions: number; timers: number } {
    let timers = 0;
    for (const s of this.sessions.values()) timers += s.timerCount;
    return { sessions: this.sessions.size, timers };
  }

  /** Ends every session and its stream (the server is stopping). */
  close(): void {
    for (const session of [...this.sessions.values()]) session.terminate();
  }

  /** `body` is the POST body already read (empty for GETs). */
  handle(
    method: BidiMethod,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: string,
  ): void {
    const q = url.searchParams;
    const sid = q.get('SID');
    if (q.get('TYPE') === 'terminate') {
      if (sid !== null) this.sessions.get(sid)?.terminate();
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end();
      return;
    }
    if (sid === null || sid === 'null') {
      if (req.method !== 'POST') {
        badRequest(res, 'A WebChannel handshake is a POST.');
        return;
      }
      this.handshake(method, req, res, body);
      return;
    }
    const session = this.sessions.get(sid);
    if (!session) {
      // The client takes this for a session the server lost and starts a new one.
      badRequest(res, 'Unknown SID');
      return;
    }
    session.touch();
    const aid = Number(q.get('AID') ?? '-1');
    if (q.get('RID') === 'rpc') {
      if (req.method !== 'GET') {
        badRequest(res, 'A back channel is a GET.');
        return;
      }
      session.attachBackChannel(res, q.get('CI') !== '1', Number.isInteger(aid) ? aid : -1);
      return;
    }
    if (req.method !== 'POST') {
      badRequest(res, 'A forward channel request is a POST.');
      return;
    }
    if (Number.isInteger(aid)) session.acknowledge(aid);
    session.receive(parseForwardBody(body).messages);
    sendChunk(res, [session.hasBackChannel ? 1 : 0, session.lastArrayId, session.outstanding]);
  }

  private handshake(
    method: BidiMethod,
    req: IncomingMessage,
    res: ServerResponse,
    body: string,
  ): void {
    const forward = parseForwardBody(body);
    const id = randomBytes(16).toString('base64url');
    const session = new WebChannelSession(id, MESSAGE_TYPES[method], this.timings, (s) => {
      this.sessions.delete(s.id);
    });
    this.sessions.set(id, session);
    try {
      // The SDK puts Authorization and its other headers in the body (encodeInitMessageHeaders)
      // to spare the preflight; a real header counts when the body has none.
      const authorization = forward.headers.get('authorization') ?? req.headers.authorization;
      const identity = identityFromAuthorization(authorization);
      session.attachStream(this.frontend.open(method, identity, session.sink));
      session.receive(forward.messages);
    } catch (e) {
      // Failing the handshake itself would only make the client retry; as a stream error the
      // SDK sees the code (UNAUTHENTICATED refreshes its token, UNIMPLEMENTED gives up).
      session.fail(asRpcError(e));
    }
    // The idle clock starts once the handshake is answered, not before its messages ran.
    session.touch();
    res.setHeader('X-HTTP-Session-Id', randomBytes(12).toString('base64url'));
    sendChunk(res, [[0, ['c', id, '', CHANNEL_VERSION, SERVER_VERSION, this.timings.keepaliveMs]]]);
  }
}

function sendChunk(res: ServerResponse, payload: unknown): void {
  const text = frame(payload);
  res.writeHead(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function badRequest(res: ServerResponse, why: string): void {
  const text = `Bad Request: ${why}`;
  res.writeHead(400, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

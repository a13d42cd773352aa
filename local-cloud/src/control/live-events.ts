// Server-sent events for the console: one stream at GET /events carries everything that changes
// (Firestore documents, rules decisions, function logs and invocations, deliveries, pushes), so the
// console never polls. A comment line every 15 s keeps proxies and the browser from timing it out.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LiveEvent {
  readonly type: string;
  readonly data: unknown;
}

const HEARTBEAT_MS = 15_000;

export class LiveEvents {
  readonly #clients = new Set<ServerResponse>();

  publish(type: string, data: unknown): void {
    if (this.#clients.size === 0) return;
    const frame = `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of this.#clients) res.write(frame);
  }

  get clients(): number {
    return this.#clients.size;
  }

  /** Holds the response open as an event stream until the client goes away. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    this.#clients.add(res);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    req.once('close', () => {
      clearInterval(heartbeat);
      this.#clients.delete(res);
    });
  }

  /** Ends every stream, so the server can close. */
  close(): void {
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }
}

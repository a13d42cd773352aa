import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One download request as the server saw it, and what it sent back. */
export interface RangeRequest {
  readonly range: string | null;
  readonly authorization: string | null;
  readonly status: number;
  /** Image bytes the server wrote (fewer than asked for when it cut the connection). */
  readonly bytesSent: number;
}

/** How the server answers one request (by its index, from 0); `serve` by default. */
export type RangeBehaviour =
  | 'serve'
  /** Sends the headers and this many bytes of the range, then closes the connection. */
  | { readonly cutAfter: number }
  /** Answers with this status and no image (403, 404, 410, 503…). */
  | { readonly status: number }
  /** Ignores Range: 200 with the whole image. */
  | 'ignore-range';

export interface FirmwareServerOptions {
  /** The image it serves (may differ from what an offer says, to test the gadget's checks). */
  readonly image: Uint8Array;
  readonly behave?: (index: number) => RangeBehaviour;
  /** Holds the answer to a request until the promise settles (to look at a gadget mid-download). */
  readonly hold?: (index: number) => Promise<void> | undefined;
}

export interface FirmwareServer {
  /** The image's URL on loopback. */
  readonly url: string;
  readonly requests: RangeRequest[];
  /** Resolves once the server received at least `count` requests. */
  received(count: number): Promise<void>;
  /** All image bytes the server wrote. */
  bytesSent(): number;
  close(): Promise<void>;
}

/**
 * A firmware download server on loopback (node:http): `GET` with `Range: bytes=START-END`
 * answered 206 with `Content-Range: bytes START-END/SIZE`, as Cloud Storage would, and the faults
 * a download meets (a cut connection, a refusal, a server that ignores Range). The gadget talks to
 * it with real fetch, so its stream handling is what is tested.
 */
export async function startFirmwareServer(options: FirmwareServerOptions): Promise<FirmwareServer> {
  const { image } = options;
  const requests: RangeRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const index = requests.length;
    const range = request.headers.range ?? null;
    const authorization = request.headers.authorization ?? null;
    const record = (status: number, bytesSent: number) => {
      requests[index] = { range, authorization, status, bytesSent };
    };
    record(0, 0);
    for (const waiter of waiters.filter((waiter) => requests.length >= waiter.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    await options.hold?.(index);
    const behaviour = options.behave?.(index) ?? 'serve';
    if (typeof behaviour === 'object' && 'status' in behaviour) {
      record(behaviour.status, 0);
      response.writeHead(behaviour.status, { 'content-type': 'text/plain' }).end('No.');
      return;
    }
    if (behaviour === 'ignore-range' || range === null) {
      record(200, image.length);
      response
        .writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(image.length),
        })
        .end(image);
      return;
    }
    const match = /^bytes=(\d+)-(\d+)$/.exec(range);
    const start = Number(match?.[1]);
    const end = Math.min(Number(match?.[2]), image.length - 1);
    if (match === null || start > end) {
      record(416, 0);
      response.writeHead(416, { 'content-range': `bytes */${String(image.length)}` }).end();
      return;
    }
    const body = image.subarray(start, end + 1);
    response.writeHead(206, {
      'content-type': 'application/octet-stream',
      'content-length': String(body.length),
      'content-range': `bytes ${String(start)}-${String(end)}/${String(image.length)}`,
    });
    if (typeof behaviour === 'object') {
      const sent = Math.min(behaviour.cutAfter, body.length);
      record(206, sent);
      // Closes the connection cleanly after the bytes: the body ends before Content-Length.
      response.write(body.subarray(0, sent), () => {
        response.socket?.end();
      });
      return;
    }
    record(206, body.length);
    response.end(body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}/firmware/thermo-1/1.3.0.bin`,
    requests,
    received: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    bytesSent: () => requests.reduce((sum, request) => sum + request.bytesSent, 0),
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}

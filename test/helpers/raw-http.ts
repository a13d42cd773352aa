import { connect } from 'node:net';

/** What came back on the socket: the status and body, or null when it closed without an answer. */
export interface RawAnswer {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
}

/**
 * One HTTP/1.1 request written byte for byte on a fresh socket, so its headers can lie about the
 * body (a Content-Length that does not match, a malformed one, chunks) as no fetch client lets them.
 * `endAfterBody` half-closes the socket once the body is sent, for a body shorter than declared.
 */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    headers: Record<string, string>;
    body?: Buffer | string;
    /** Raw header lines added as they are (repeated or malformed headers). */
    extraHeaderLines?: readonly string[];
    endAfterBody?: boolean;
    timeoutMs?: number;
  },
): Promise<RawAnswer | null> {
  const target = new URL(url);
  const body =
    options.body === undefined
      ? Buffer.alloc(0)
      : Buffer.isBuffer(options.body)
        ? options.body
        : Buffer.from(options.body);
  // The body's true length, unless the request says how long it is (or lies about it) itself.
  const framed = [...Object.keys(options.headers), ...(options.extraHeaderLines ?? [])].some(
    (header) => /^(content-length|transfer-encoding)\b/i.test(header),
  );
  const lines = [
    `${options.method ?? 'POST'} ${target.pathname} HTTP/1.1`,
    `Host: ${target.host}`,
    'Connection: close',
    ...Object.entries(options.headers).map(([name, value]) => `${name}: ${value}`),
    ...(options.extraHeaderLines ?? []),
    ...(framed ? [] : [`Content-Length: ${String(body.length)}`]),
  ];
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return new Promise((resolve) => {
    const socket = connect(Number(target.port), target.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
    }, options.timeoutMs ?? 60_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {
      // A reset after the answer was written still leaves the answer in `chunks`.
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseAnswer(Buffer.concat(chunks).toString('utf8')));
    });
    socket.write(Buffer.concat([head, body]), () => {
      if (options.endAfterBody === true) socket.end();
    });
  });
}

/** The chunked framing of `body`, in chunks of `size` bytes. */
export function chunked(body: Buffer | string, size = 16 * 1024): Buffer {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const parts: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) {
    const piece = bytes.subarray(offset, offset + size);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

function parseAnswer(raw: string): RawAnswer | null {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  if (match?.[1] === undefined) return null;
  const split = raw.indexOf('\r\n\r\n');
  const headText = raw.slice(0, split);
  let text = split < 0 ? '' : raw.slice(split + 4);
  if (/\r\ntransfer-encoding: chunked/i.test(headText)) text = unchunk(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: Number(match[1]), text, json };
}

function unchunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    if (lineEnd < 0) return out;
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

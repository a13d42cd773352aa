/**
 * WebChannel's wire (closure-library's goog.labs.net.webChannel, protocol version 8): what a
 * client's POST body carries and how every answer is framed.
 */

/**
 * One answer chunk: `<length>\n<json>`. The client cuts chunks out of the response text, a
 * JavaScript string, so the length counts UTF-16 code units, which is what `.length` counts.
 */
export function frame(payload: unknown): string {
  const json = JSON.stringify(payload);
  return `${String(json.length)}\n${json}`;
}

/** One array as the client receives it: `[arrayId, payload]`, pre-serialized. */
export function arrayJson(id: number, payload: unknown): string {
  return `[${String(id)},${JSON.stringify(payload)}]`;
}

/** Several arrays in one chunk. */
export function frameArrays(arrays: readonly string[]): string {
  const json = `[${arrays.join(',')}]`;
  return `${String(json.length)}\n${json}`;
}

export interface ForwardMessage {
  /** the client's map id: `ofs` plus the message's index in this request */
  readonly mapId: number;
  /** the raw JSON text of the message (`sendRawJson` puts it in `req{i}___data__`) */
  readonly data: string;
}

export interface ForwardBody {
  /** `headers=`: the HTTP headers the client could not set (`initMessageHeaders`), lower-cased */
  readonly headers: ReadonlyMap<string, string>;
  readonly messages: readonly ForwardMessage[];
}

/**
 * Parses a handshake or forward-channel body: `headers=…&count=N&ofs=K&req0___data__=…`. Maps
 * that are not raw JSON (`req{i}_type=_badmap`, which a client sends when it failed to encode
 * one) are skipped.
 */
export function parseForwardBody(text: string): ForwardBody {
  const form = new URLSearchParams(text);
  const headers = new Map<string, string>();
  for (const line of (form.get('headers') ?? '').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const count = Number(form.get('count') ?? '0');
  const ofs = Number(form.get('ofs') ?? '0');
  const messages: ForwardMessage[] = [];
  if (Number.isInteger(count) && Number.isInteger(ofs)) {
    for (let i = 0; i < count; i++) {
      const data = form.get(`req${String(i)}___data__`);
      if (data !== null) messages.push({ mapId: ofs + i, data });
    }
  }
  return { headers, messages };
}

// The browser SDK's WebChannel requests, made by hand for the wire tests: the form bodies the
// closure client posts, the `<len>\n<json>` chunks it reads back, and its URL parameters.

/** A forward-channel (or handshake) body carrying `messages` from offset `ofs`. */
export function form(messages: readonly string[], ofs: number, headers?: string): string {
  const parts = [`count=${String(messages.length)}`, `ofs=${String(ofs)}`];
  messages.forEach((m, i) => parts.push(`req${String(i)}___data__=${encodeURIComponent(m)}`));
  if (headers !== undefined) parts.unshift(`headers=${encodeURIComponent(headers)}`);
  return parts.join('&');
}

/** Splits a response into its `<len>\n<json>` chunks; a length that does not match throws. */
export function chunks(text: string): unknown[] {
  const out: unknown[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const size = Number(text.slice(at, nl));
    const json = text.slice(nl + 1, nl + 1 + size);
    if (nl < 0 || json.length !== size)
      throw new Error(`chunk at ${String(at)} is not ${String(size)} UTF-16 units long`);
    out.push(JSON.parse(json));
    at = nl + 1 + size;
  }
  return out;
}

/** A channel URL with the parameters every request of the closure client carries. */
export function channelUrl(
  base: string,
  method: 'Listen' | 'Write',
  database: string,
  params: Record<string, string>,
): string {
  const q = new URLSearchParams({ VER: '8', database, ...params, zx: 'x', t: '1' });
  return `${base}/google.firestore.v1.Firestore/${method}/channel?${q.toString()}`;
}

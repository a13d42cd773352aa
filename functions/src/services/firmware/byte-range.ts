/** An inclusive byte range of an object, as a `Range: bytes=…` header asks for it. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A `Range` header against an object of `size` bytes (RFC 9110 §14): one range, `a-b`, `a-` or
 * `-n`; an end past the object is clipped to it. `undefined`: no usable header, serve the whole
 * object (a server may ignore a Range it does not support, such as several ranges).
 * `unsatisfiable`: a first byte at or past the end, or an empty suffix; answered with 416.
 * Not range-parser (Express's): it answers "unsatisfiable" to malformed headers and to a suffix
 * longer than the object, where RFC 9110 and Cloud Storage serve the whole object.
 */
export function parseByteRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec((header ?? '').trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

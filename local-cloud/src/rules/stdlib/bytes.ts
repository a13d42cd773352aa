// rules.Bytes methods (firebase.google.com/docs/reference/rules/rules.Bytes).
import { arity } from './util.ts';
import type { Method } from './util.ts';

export const bytesMethods: Record<string, Method<Uint8Array>> = {
  size: (b, args) => arity('size', args, 0) ?? BigInt(b.length),
  // "performed according to the base64url specification": b'\xFB\xEF\xBE'.toBase64() == '----'.
  // Padding is kept, as RFC 4648 base64url (and java.util.Base64's URL encoder) write it.
  toBase64: (b, args) =>
    arity('toBase64', args, 0) ??
    Buffer.from(b).toString('base64').replaceAll('+', '-').replaceAll('/', '_'),
  // b'\x2A'.toHexString() == '2A': upper case.
  toHexString: (b, args) =>
    arity('toHexString', args, 0) ?? Buffer.from(b).toString('hex').toUpperCase(),
};

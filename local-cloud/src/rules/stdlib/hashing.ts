// The hashing.* functions (firebase.google.com/docs/reference/rules/rules.hashing): of bytes, or of a
// string's UTF-8 encoding, to bytes.
import { createHash } from 'node:crypto';
import { crc32cUpdate } from '../../storage/crc32c.ts';
import type { RValue, Result } from '../values.ts';
import { arity, wrongType } from './util.ts';

// CRC-32 (IEEE 802.3, zlib's): reflected polynomial 0xedb88320.
const CRC32_TABLE = buildTable(0xedb88320);

function buildTable(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC32_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return ~c >>> 0;
}

/** A 32-bit checksum as its 4 big-endian bytes. */
function bigEndian(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0);
  return out;
}

const hash =
  (name: string, f: (data: Uint8Array) => Uint8Array) =>
  (args: readonly RValue[]): Result => {
    const bad = arity(`hashing.${name}`, args, 1);
    if (bad) return bad;
    const v = args[0] as RValue;
    if (typeof v === 'string') return f(Buffer.from(v, 'utf8'));
    if (v instanceof Uint8Array) return f(v);
    return wrongType(`hashing.${name}`, 'bytes or a string', v);
  };

const digest = (algorithm: string) => (data: Uint8Array) =>
  new Uint8Array(createHash(algorithm).update(data).digest());

export const hashingFunctions: Record<string, (args: readonly RValue[]) => Result> = {
  'hashing.crc32': hash('crc32', (d) => bigEndian(crc32(d))),
  'hashing.crc32c': hash('crc32c', (d) => bigEndian(crc32cUpdate(0, d))),
  'hashing.md5': hash('md5', digest('md5')),
  'hashing.sha256': hash('sha256', digest('sha256')),
};

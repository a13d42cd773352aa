import { createHash } from 'node:crypto';

/** google.firestore.v1.BloomFilter in proto-loader's shape. */
export interface BloomFilterProto {
  bits: { bitmap: Buffer; padding: number };
  hashCount: number;
}

const MASK_64 = (1n << 64n) - 1n;

/**
 * The bloom filter an ExistenceFilter carries (`unchanged_names`): the names of the documents that
 * still match, so a client whose count disagrees drops only the documents missing from it instead
 * of re-running the whole query. The hashing is the one the client SDKs check against: MD5 of the
 * full document name read as two little-endian unsigned 64-bit integers h1 and h2, and bit i at
 * (h1 + i·h2) mod 2^64 mod bitCount, bits numbered from the low bit of each byte.
 */
export function bloomFilterOf(
  names: readonly string[],
  falsePositiveRate = 0.01,
): BloomFilterProto {
  if (names.length === 0) return { bits: { bitmap: Buffer.alloc(0), padding: 0 }, hashCount: 0 };
  const bitCount = Math.max(
    8,
    Math.ceil((-names.length * Math.log(falsePositiveRate)) / Math.LN2 ** 2),
  );
  const hashCount = Math.max(1, Math.round((bitCount / names.length) * Math.LN2));
  const bitmap = Buffer.alloc(Math.ceil(bitCount / 8));
  for (const name of names) {
    for (const index of bitIndexes(name, hashCount, bitCount))
      bitmap[index >> 3] = (bitmap[index >> 3] ?? 0) | (1 << (index & 7));
  }
  return { bits: { bitmap, padding: bitmap.length * 8 - bitCount }, hashCount };
}

/** Membership as a client tests it; false positives are possible, false negatives are not. */
export function bloomFilterMightContain(filter: BloomFilterProto, name: string): boolean {
  const bitCount = filter.bits.bitmap.length * 8 - filter.bits.padding;
  if (bitCount === 0) return false;
  for (const index of bitIndexes(name, filter.hashCount, bitCount))
    if (((filter.bits.bitmap[index >> 3] ?? 0) & (1 << (index & 7))) === 0) return false;
  return true;
}

function* bitIndexes(name: string, hashCount: number, bitCount: number): Generator<number> {
  const digest = createHash('md5').update(name, 'utf8').digest();
  const h1 = digest.readBigUInt64LE(0);
  const h2 = digest.readBigUInt64LE(8);
  const bits = BigInt(bitCount);
  for (let i = 0n; i < BigInt(hashCount); i++) yield Number(((h1 + i * h2) & MASK_64) % bits);
}

import { invalid } from '../data/errors.ts';

// A resume token is opaque to clients; local-cloud's is a version tag and the read time it stands
// for, in microseconds, so any stream (or a server restarted from a snapshot) can resume from it.
const TAG = Buffer.from('lc1');
const LENGTH = TAG.length + 8;

export function resumeTokenAt(micros: number): Buffer {
  const token = Buffer.alloc(LENGTH);
  TAG.copy(token);
  token.writeBigUInt64BE(BigInt(micros), TAG.length);
  return token;
}

/** The read time a token stands for; a token this server did not issue is INVALID_ARGUMENT. */
export function microsOfResumeToken(token: Uint8Array): number {
  const b = Buffer.from(token);
  if (b.length !== LENGTH || !b.subarray(0, TAG.length).equals(TAG))
    throw invalid('Invalid resume token: it was not issued by this server.');
  return Number(b.readBigUInt64BE(TAG.length));
}

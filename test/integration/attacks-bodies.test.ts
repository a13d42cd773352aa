// Request bodies that lie, are compressed, empty, not objects or bombs (issue 16, finding 7), on
// `ingest` and a callable: each is refused with its status and JSON error, writes nothing, and the
// instance answers the next request. Portable: the Functions emulator parses bodies with its own
// body-parser, and these run there too; where a refusal comes from the platform's parser before
// any function code (an unknown encoding, JSON that is no object or array, a malformed header), the
// status is the same on both but the body is the platform's.
import { gzipSync, deflateSync, brotliCompressSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { customUserIdToken, fakeAppCheckToken } from '@gadget/local-cloud/testing';
import { IngestErrorBodySchema, LIMITS } from '@gadget/shared';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { chunked, rawRequest } from '../helpers/raw-http.ts';
import type { RawAnswer } from '../helpers/raw-http.ts';
import { ON_EMULATORS } from '../helpers/target.ts';
import {
  deviceAuthorization,
  readingCount,
  rotateKey,
  series,
  startTelemetryCloud,
  useTestDevice,
} from '../helpers/telemetry.ts';
import { writesDuring } from '../helpers/writes.ts';

const cloud = sharedCloud(() => startTelemetryCloud());
const device = useTestDevice(cloud);
let key: string;
beforeEach(async () => {
  key = await rotateKey(cloud, device);
});

const KB = 1024;
const MB = 1024 * KB;
/** 10 MB of zeros, gzipped to about 10 KB. */
const ZEROS_10MB_GZIP = gzipSync(Buffer.alloc(10 * MB), { level: 9 });
/** 1 GB of zeros in about 1 MB: a hundred gzip members back to back (one gzip stream to a reader). */
const ZEROS_1GB_GZIP = Buffer.concat(Array.from({ length: 100 }, () => ZEROS_10MB_GZIP));

const ingestUrl = () => `${cloud.functionsUrl}/ingest`;
const ingestHeaders = (extra: Record<string, string> = {}) => ({
  'Content-Type': 'application/json',
  Authorization: deviceAuthorization(device.deviceId, key),
  ...extra,
});
const goodIngestBody = () => JSON.stringify({ readings: series('ok', 2) });

/** The refusal in `ingest`'s own error shape. */
function expectIngestRefusal(answer: RawAnswer | null, status: number, code: string): void {
  expect(answer?.status, answer?.text).toBe(status);
  expect(IngestErrorBodySchema.parse(answer?.json).error.code).toBe(code);
}

/**
 * A refusal by the platform's body parser, before any function code: local-cloud's front answers
 * in the callable protocol's error JSON; the Functions emulator's body-parser with its own page.
 */
function expectPlatformRefusal(answer: RawAnswer | null, status: number): void {
  expect(answer?.status, answer?.text).toBe(status);
  if (!ON_EMULATORS && answer?.json !== undefined) {
    expect((answer.json as { error: { status: string } }).error.status).toMatch(
      /^(INVALID_ARGUMENT|RESOURCE_EXHAUSTED)$/,
    );
  }
}

/** The instance still serves: a good batch is stored. */
async function expectStillServing(): Promise<void> {
  const answer = await rawRequest(ingestUrl(), {
    headers: ingestHeaders(),
    body: goodIngestBody(),
  });
  expect(answer?.status, answer?.text).toBe(200);
  expect(await readingCount(cloud, device.deviceId)).toBe(2);
}

describe('ingest refuses bodies before it reads them', () => {
  it('a compressed body (gzip, deflate, br) is 415 and stores nothing, even a valid batch', async () => {
    const body = Buffer.from(goodIngestBody());
    for (const [encoding, bytes] of [
      ['gzip', gzipSync(body)],
      ['deflate', deflateSync(body)],
      ['GZip', gzipSync(body)],
    ] as const) {
      let answer: RawAnswer | null = null;
      expect(
        await writesDuring(cloud, async () => {
          answer = await rawRequest(ingestUrl(), {
            headers: ingestHeaders({ 'Content-Encoding': encoding }),
            body: bytes,
          });
        }),
      ).toBe(0);
      expectIngestRefusal(answer, 415, 'unsupported-media-type');
      expect((answer as RawAnswer | null)?.json).toMatchObject({
        error: { message: 'Send the body uncompressed (no Content-Encoding).' },
      });
    }
    // Brotli: inflated by local-cloud's front (as by production's body-parser 2) and refused by
    // ingest; the emulator's body-parser 1 does not know it and refuses it itself, also with 415.
    const answer = await rawRequest(ingestUrl(), {
      headers: ingestHeaders({ 'Content-Encoding': 'br' }),
      body: brotliCompressSync(body),
    });
    if (ON_EMULATORS) expectPlatformRefusal(answer, 415);
    else expectIngestRefusal(answer, 415, 'unsupported-media-type');
    expect(await readingCount(cloud, device.deviceId)).toBe(0);
    await expectStillServing();
  });

  it('an unknown Content-Encoding is 415 from the platform, before the function', async () => {
    const writes = await writesDuring(cloud, async () => {
      expectPlatformRefusal(
        await rawRequest(ingestUrl(), {
          headers: ingestHeaders({ 'Content-Encoding': 'x-unknown' }),
          body: goodIngestBody(),
        }),
        415,
      );
    });
    expect(writes).toBe(0);
    await expectStillServing();
  });

  it('an empty body and JSON that is not an object are 400 invalid-argument, before the key check writes', async () => {
    for (const body of ['', '[]', '[{"readings":[]}]']) {
      let answer: RawAnswer | null = null;
      expect(
        await writesDuring(cloud, async () => {
          answer = await rawRequest(ingestUrl(), {
            headers: ingestHeaders({ 'Content-Length': String(Buffer.byteLength(body)) }),
            body,
          });
        }),
      ).toBe(0);
      expectIngestRefusal(answer, 400, 'invalid-argument');
    }
    // Scalars: body-parser's strict JSON (and local-cloud's front, which mirrors it) refuses them.
    for (const body of ['null', '42', '"readings"']) {
      let answer: RawAnswer | null = null;
      expect(
        await writesDuring(cloud, async () => {
          answer = await rawRequest(ingestUrl(), {
            headers: ingestHeaders({ 'Content-Length': String(body.length) }),
            body,
          });
        }),
      ).toBe(0);
      expectPlatformRefusal(answer, 400);
    }
    await expectStillServing();
  });

  it('a declared Content-Length over 256 KB is 413, and so is a chunked body that grows past it', async () => {
    const big = JSON.stringify({ readings: series('big', 1) }) + ' '.repeat(300 * KB);
    for (const request of [
      { headers: ingestHeaders({ 'Content-Length': String(big.length) }), body: big },
      {
        headers: ingestHeaders({ 'Transfer-Encoding': 'chunked' }),
        body: chunked(big),
      },
    ]) {
      let answer: RawAnswer | null = null;
      expect(
        await writesDuring(cloud, async () => {
          answer = await rawRequest(ingestUrl(), request);
        }),
      ).toBe(0);
      expectIngestRefusal(answer, 413, 'payload-too-large');
    }
    // A chunked body under the limit is fine.
    const answer = await rawRequest(ingestUrl(), {
      headers: ingestHeaders({ 'Transfer-Encoding': 'chunked' }),
      body: chunked(goodIngestBody(), 7),
    });
    expect(answer?.status, answer?.text).toBe(200);
  });

  it('a malformed Content-Length is 400 from the HTTP parser and writes nothing', async () => {
    const body = goodIngestBody();
    for (const lines of [
      ['Content-Length: abc'],
      ['Content-Length: -1'],
      ['Content-Length: 1e3'],
      [`Content-Length: ${String(body.length)}`, `Content-Length: ${String(body.length + 1)}`],
      [`Content-Length: ${String(body.length)}`, 'Transfer-Encoding: chunked'],
    ]) {
      let answer: RawAnswer | null = null;
      expect(
        await writesDuring(cloud, async () => {
          answer = await rawRequest(ingestUrl(), {
            headers: ingestHeaders(),
            extraHeaderLines: lines,
            body,
          });
        }),
      ).toBe(0);
      expect((answer as RawAnswer | null)?.status, lines.join(' / ')).toBe(400);
    }
    await expectStillServing();
  });

  it('a Content-Length that lies is never a stored batch', async () => {
    const body = goodIngestBody();
    // Smaller than the body: what is read is a truncated JSON text (400); the rest is no request.
    let shorter: RawAnswer | null = null;
    let longer: RawAnswer | null = null;
    expect(
      await writesDuring(cloud, async () => {
        shorter = await rawRequest(ingestUrl(), {
          headers: ingestHeaders({ 'Content-Length': String(body.length - 5) }),
          body,
        });
        // Larger than the body, then the client stops sending: no answer but an error, or none.
        longer = await rawRequest(ingestUrl(), {
          headers: ingestHeaders({ 'Content-Length': String(body.length + 100) }),
          body,
          endAfterBody: true,
          timeoutMs: 3_000,
        });
      }),
    ).toBe(0);
    expectPlatformRefusal(shorter, 400);
    expect((longer as RawAnswer | null)?.status ?? 400).toBeGreaterThanOrEqual(400);
    expect(await readingCount(cloud, device.deviceId)).toBe(0);
    await expectStillServing();
  });

  it('a 10 MB gzip bomb is inflated under the 32 MB cap, refused as no JSON, and the instance serves on', async () => {
    let answer: RawAnswer | null = null;
    expect(
      await writesDuring(cloud, async () => {
        answer = await rawRequest(ingestUrl(), {
          headers: ingestHeaders({ 'Content-Encoding': 'gzip' }),
          body: ZEROS_10MB_GZIP,
        });
      }),
    ).toBe(0);
    expectPlatformRefusal(answer, 400);
    await expectStillServing();
  });

  // The official Functions emulator's runtime refuses it too (413, once its body-parser has inflated
  // 32 MB), but its front is still writing the compressed body then: the EPIPE that follows makes
  // firebase-tools write headers twice and the CLI exits (docs/SECURITY.md, "Request bodies").
  it.skipIf(ON_EMULATORS)(
    'a 1 GB gzip bomb is 413 (refused at the inflated limit, not read whole), and the instance serves on',
    async () => {
      let large: RawAnswer | null = null;
      expect(
        await writesDuring(cloud, async () => {
          large = await rawRequest(ingestUrl(), {
            headers: ingestHeaders({ 'Content-Encoding': 'gzip' }),
            body: ZEROS_1GB_GZIP,
            timeoutMs: 20_000,
          });
        }),
      ).toBe(0);
      expectPlatformRefusal(large, 413);
      await expectStillServing();
    },
  );
});

describe('callables refuse bodies before they read them', () => {
  const callUrl = () => `${cloud.functionsUrl}/submitReadings`;
  const callHeaders = (extra: Record<string, string> = {}) => ({
    'Content-Type': 'application/json',
    Authorization: `Bearer ${customUserIdToken(cloud.projectId, device.ownerUid)}`,
    'X-Firebase-AppCheck': fakeAppCheckToken(cloud.projectId),
    ...extra,
  });
  const goodCall = () =>
    JSON.stringify({ data: { deviceId: device.deviceId, readings: series('c', 2) } });

  /** The callable protocol's error JSON: `{error: {status, message}}` with HTTP 400. */
  function expectCallableRefusal(answer: RawAnswer | null, message: string): void {
    expect(answer?.status, answer?.text).toBe(400);
    expect(answer?.json).toMatchObject({ error: { status: 'INVALID_ARGUMENT', message } });
  }

  it('a gzipped or deflated call is invalid-argument and stores nothing, even a valid one', async () => {
    for (const [encoding, bytes] of [
      ['gzip', gzipSync(goodCall())],
      ['deflate', deflateSync(goodCall())],
    ] as const) {
      let answer: RawAnswer | null = null;
      expect(
        await writesDuring(cloud, async () => {
          answer = await rawRequest(callUrl(), {
            headers: callHeaders({ 'Content-Encoding': encoding }),
            body: bytes,
          });
        }),
      ).toBe(0);
      expectCallableRefusal(answer, 'Send the body uncompressed (no Content-Encoding).');
    }
    expect(await readingCount(cloud, device.deviceId)).toBe(0);
  });

  it('a body over 256 KB, declared or chunked, is invalid-argument and stores nothing', async () => {
    const big = goodCall().replace('{"data"', `{${' '.repeat(300 * KB)}"data"`);
    for (const request of [
      { headers: callHeaders({ 'Content-Length': String(big.length) }), body: big },
      { headers: callHeaders({ 'Transfer-Encoding': 'chunked' }), body: chunked(big) },
    ]) {
      let answer: RawAnswer | null = null;
      expect(
        await writesDuring(cloud, async () => {
          answer = await rawRequest(callUrl(), request);
        }),
      ).toBe(0);
      expectCallableRefusal(
        answer,
        `The body may be at most ${String(LIMITS.callableBodyMaxBytes / KB)} KB.`,
      );
    }
    expect(await readingCount(cloud, device.deviceId)).toBe(0);
  });

  it('an empty body and JSON that is no {data} object are the protocol’s Bad Request', async () => {
    for (const body of ['', '[]', '{}', '{"data":{},"extra":1}']) {
      let answer: RawAnswer | null = null;
      expect(
        await writesDuring(cloud, async () => {
          answer = await rawRequest(callUrl(), {
            headers: callHeaders({ 'Content-Length': String(body.length) }),
            body,
          });
        }),
      ).toBe(0);
      expectCallableRefusal(answer, 'Bad Request');
    }
  });

  it('gzip bombs are refused and the next call is answered', async () => {
    // 10 MB everywhere; 1 GB only on local-cloud (see the ingest test for the emulator's crash).
    const bombs: [Buffer, number][] = [[ZEROS_10MB_GZIP, 400]];
    if (!ON_EMULATORS) bombs.push([ZEROS_1GB_GZIP, 413]);
    for (const [bomb, status] of bombs) {
      let answer: RawAnswer | null = null;
      expect(
        await writesDuring(cloud, async () => {
          answer = await rawRequest(callUrl(), {
            headers: callHeaders({ 'Content-Encoding': 'gzip' }),
            body: bomb,
            timeoutMs: 20_000,
          });
        }),
      ).toBe(0);
      expectPlatformRefusal(answer, status);
    }
    const next = await rawRequest(callUrl(), { headers: callHeaders(), body: goodCall() });
    expect(next?.status, next?.text).toBe(200);
    expect(await readingCount(cloud, device.deviceId)).toBe(2);
  });
});

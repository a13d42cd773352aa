// Range requests over real HTTP, on both download APIs, as Cloud Storage answers them (the facts
// and their sources are in RANGES.md). node:http sends exactly the headers given: fetch would add
// Accept-Encoding and decompress, which hides what the server did with a gzip-stored object.
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStorageServer } from './server.ts';
import type { StorageServer } from './types.ts';

const BUCKET = 'demo-ranges.appspot.com';
const SIZE = 1000;
const DATA = Buffer.from(Array.from({ length: SIZE }, (_, i) => (i * 7 + 3) % 256));
const TEXT = Buffer.from('firmware manifest line\n'.repeat(200));
const GZIPPED = gzipSync(TEXT);

let server: StorageServer;
let dataDir: string;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: Buffer | string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function put(name: string, bytes: Buffer, metadata: Record<string, string> = {}) {
  const upload = await send(
    `/upload/storage/v1/b/${BUCKET}/o?uploadType=media&name=${encodeURIComponent(name)}`,
    { 'Content-Type': 'application/octet-stream' },
    'POST',
    bytes,
  );
  expect(upload.status).toBe(200);
  if (Object.keys(metadata).length === 0) return;
  const patch = await send(
    `/storage/v1/b/${BUCKET}/o/${encodeURIComponent(name)}`,
    { 'Content-Type': 'application/json' },
    'PATCH',
    JSON.stringify(metadata),
  );
  expect(patch.status).toBe(200);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'storage-ranges-'));
  server = await startStorageServer({ dataDir, defaultBucket: BUCKET });
  await put('fw.bin', DATA);
  await put('empty.bin', Buffer.alloc(0));
  await put('notes.txt', GZIPPED, { contentEncoding: 'gzip', contentType: 'text/plain' });
  await put('pinned.txt', GZIPPED, {
    contentEncoding: 'gzip',
    contentType: 'text/plain',
    cacheControl: 'no-transform',
  });
  // Declared gzip but not gzip: served as stored.
  await put('mislabeled.bin', DATA, { contentEncoding: 'gzip' });
});
afterAll(async () => {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

// The same object through the GCS JSON API (and its /download form) and the Firebase API; no rules
// are loaded, so the Firebase API lets every request through.
const apis = [
  ['GCS JSON API', (name: string) => `/storage/v1/b/${BUCKET}/o/${name}?alt=media`],
  ['GCS /download path', (name: string) => `/download/storage/v1/b/${BUCKET}/o/${name}?alt=media`],
  ['Firebase API', (name: string) => `/v0/b/${BUCKET}/o/${name}?alt=media`],
] as const;

describe.each(apis)('Range on the %s', (_api, media) => {
  const ranged = (range: string, name = 'fw.bin', method = 'GET') =>
    send(media(name), { Range: range }, method);

  function expectPartial(reply: Reply, start: number, end: number): void {
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(reply.headers['content-length']).toBe(String(end - start + 1));
    expect(reply.body.equals(DATA.subarray(start, end + 1))).toBe(true);
  }

  function expectWhole(reply: Reply): void {
    expect(reply.status).toBe(200);
    expect(reply.headers['content-range']).toBeUndefined();
    expect(reply.headers['content-length']).toBe(String(SIZE));
    expect(reply.body.equals(DATA)).toBe(true);
  }

  it('serves bytes=a-b as 206 with Content-Range a-b/size', async () => {
    expectPartial(await ranged('bytes=0-0'), 0, 0);
    expectPartial(await ranged('bytes=100-199'), 100, 199);
    expectPartial(await ranged('bytes=0-999'), 0, 999);
    // Range units are case-insensitive.
    expectPartial(await ranged('Bytes=10-19'), 10, 19);
  });

  it('serves an open-ended bytes=a- to the last byte', async () => {
    expectPartial(await ranged('bytes=0-'), 0, 999);
    expectPartial(await ranged('bytes=640-'), 640, 999);
    expectPartial(await ranged('bytes=999-'), 999, 999);
  });

  it('serves a suffix bytes=-n as the last n bytes, the whole object when n is larger', async () => {
    expectPartial(await ranged('bytes=-1'), 999, 999);
    expectPartial(await ranged('bytes=-64'), 936, 999);
    expectPartial(await ranged('bytes=-1000'), 0, 999);
    expectPartial(await ranged('bytes=-5000'), 0, 999);
  });

  it('clips an end beyond the object', async () => {
    expectPartial(await ranged('bytes=900-1000'), 900, 999);
    expectPartial(await ranged('bytes=900-99999999999'), 900, 999);
  });

  it('answers 416 with Content-Range bytes */size when nothing can be served', async () => {
    for (const range of ['bytes=1000-', 'bytes=1000-1999', 'bytes=5000-6000', 'bytes=-0']) {
      const reply = await ranged(range);
      expect(reply.status, range).toBe(416);
      expect(reply.headers['content-range'], range).toBe(`bytes */${SIZE}`);
      expect(reply.body.length, range).toBe(0);
    }
  });

  it('ignores what is not one well-formed byte range and serves the whole object', async () => {
    for (const range of [
      'bytes=0-1,5-9',
      'bytes=0-0,-1',
      'bytes=5-2',
      'bytes=2000-10',
      'bytes=-',
      'bytes=a-b',
      'items=0-5',
      'bytes 0-5',
    ]) {
      expectWhole(await ranged(range));
    }
  });

  it('answers HEAD with the headers a GET of the range would have, and no body', async () => {
    const partial = await ranged('bytes=100-199', 'fw.bin', 'HEAD');
    expect(partial.status).toBe(206);
    expect(partial.headers['content-range']).toBe(`bytes 100-199/${SIZE}`);
    expect(partial.headers['content-length']).toBe('100');
    expect(partial.body.length).toBe(0);

    const past = await ranged('bytes=1000-', 'fw.bin', 'HEAD');
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${SIZE}`);

    const whole = await ranged('bytes=1-0', 'fw.bin', 'HEAD');
    expect(whole.status).toBe(200);
    expect(whole.headers['content-length']).toBe(String(SIZE));
  });

  it('answers every range of an empty object 416 bytes */0, and no range 200', async () => {
    for (const range of ['bytes=0-', 'bytes=0-65535', 'bytes=-5']) {
      const reply = await ranged(range, 'empty.bin');
      expect(reply.status, range).toBe(416);
      expect(reply.headers['content-range'], range).toBe('bytes */0');
    }
    const plain = await send(media('empty.bin'));
    expect(plain.status).toBe(200);
    expect(plain.headers['content-length']).toBe('0');
    expect(plain.body.length).toBe(0);
  });

  it('ranges the stored gzip bytes for a client that accepts gzip', async () => {
    const reply = await send(media('notes.txt'), {
      Range: 'bytes=0-9',
      'Accept-Encoding': 'gzip, deflate',
    });
    expect(reply.status).toBe(206);
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(reply.headers['content-range']).toBe(`bytes 0-9/${GZIPPED.length}`);
    expect(reply.body.equals(GZIPPED.subarray(0, 10))).toBe(true);
  });

  it('ignores Range when it transcodes: the whole object, decompressed, 200', async () => {
    for (const method of ['GET', 'HEAD']) {
      const reply = await send(media('notes.txt'), { Range: 'bytes=0-9' }, method);
      expect(reply.status, method).toBe(200);
      expect(reply.headers['content-encoding'], method).toBeUndefined();
      expect(reply.headers['content-length'], method).toBeUndefined();
      expect(reply.headers['content-range'], method).toBeUndefined();
      expect(reply.headers['x-goog-stored-content-encoding'], method).toBe('gzip');
      expect(reply.headers['x-goog-stored-content-length'], method).toBe(String(GZIPPED.length));
      expect(reply.body.equals(method === 'GET' ? TEXT : Buffer.alloc(0)), method).toBe(true);
    }
  });

  it('does not transcode an object whose Cache-Control has no-transform', async () => {
    const reply = await send(media('pinned.txt'), { Range: 'bytes=10-19' });
    expect(reply.status).toBe(206);
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(reply.body.equals(GZIPPED.subarray(10, 20))).toBe(true);
  });

  it('serves an object declared gzip whose bytes are not gzip as stored', async () => {
    expectPartial(await ranged('bytes=0-9', 'mislabeled.bin'), 0, 9);
  });
});

describe('a download cut by the client', () => {
  it('is not reported as a failed request', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const dir = await mkdtemp(join(tmpdir(), 'storage-cut-'));
    const own = await startStorageServer({ dataDir: dir, defaultBucket: BUCKET });
    try {
      const big = Buffer.alloc(16 * 1024 * 1024, 7);
      await fetch(`${own.url}/upload/storage/v1/b/${BUCKET}/o?uploadType=media&name=big.bin`, {
        method: 'POST',
        body: big,
      });
      await new Promise<void>((resolve, reject) => {
        const req = request(
          `${own.url}/storage/v1/b/${BUCKET}/o/big.bin?alt=media`,
          { headers: { Range: 'bytes=0-' }, agent: false },
          (res) => {
            expect(res.statusCode).toBe(206);
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          },
        );
        req.on('error', reject);
        req.end();
      });
    } finally {
      // stop() waits for every request in flight, the cut one included.
      await own.stop();
      await rm(dir, { recursive: true, force: true });
    }
    const logged = errors.mock.calls.map((args) => args.map(String).join(' '));
    errors.mockRestore();
    expect(logged).toEqual([]);
  });
});

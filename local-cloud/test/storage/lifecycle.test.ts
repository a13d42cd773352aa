import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStorageServer, type StorageServer } from '../../src/storage/index.ts';
import { BUCKET } from './helpers.ts';
import { expectPreflightAllowed } from '../cors.ts';

let dataDir: string;
const running: StorageServer[] = [];

async function start(extra: { port?: number; maxUploadBytes?: number } = {}) {
  const server = await startStorageServer({ dataDir, defaultBucket: BUCKET, ...extra });
  running.push(server);
  return server;
}

function clientFor(server: StorageServer) {
  return new Storage({ apiEndpoint: server.url, projectId: 'demo-x' }).bucket(BUCKET);
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'storage-lifecycle-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  await rm(dataDir, { recursive: true, force: true });
});

/** Sockets, servers and file handles, the resources a leaked server would hold. */
function heldResources(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((r) => ['TCPServerWrap', 'TCPSocketWrap', 'FileHandle'].includes(r));
}

describe('storage server lifecycle', () => {
  it('keeps objects, metadata and generations across a restart on the same dataDir', async () => {
    const first = await start();
    const file = clientFor(first).file('kept/ob ject.txt');
    await file.save('persisted', { metadata: { metadata: { k: 'v' } } });
    const [before] = await file.getMetadata();
    await first.stop();

    const second = await start();
    const again = clientFor(second).file('kept/ob ject.txt');
    const [after] = await again.getMetadata();
    expect(after).toMatchObject({
      generation: before.generation,
      md5Hash: before.md5Hash,
      metadata: { k: 'v' },
    });
    expect((await again.download())[0].toString()).toBe('persisted');
    await again.save('newer');
    const [newer] = await again.getMetadata();
    expect(BigInt(newer.generation ?? 0)).toBeGreaterThan(BigInt(before.generation ?? 0));
  });

  it('keeps blobs on disk under hashed names, one per live object', async () => {
    const server = await start();
    const bucket = clientFor(server);
    await bucket.file('a/b/c.txt').save('one');
    await bucket.file('a/b/c.txt').save('two');
    const files = await readdir(join(dataDir, 'buckets', BUCKET, 'objects'));
    expect(files.filter((f) => f.endsWith('.blob'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(files.every((f) => /^[0-9a-f]{64}\./.test(f))).toBe(true);
  });

  it('reset deletes every bucket and object and keeps the default bucket', async () => {
    const server = await start();
    const storage = new Storage({ apiEndpoint: server.url, projectId: 'demo-x' });
    await storage.bucket(BUCKET).file('x').save('x');
    await storage.bucket('demo-extra').file('y').save('y');
    await server.reset();
    expect((await storage.bucket(BUCKET).getFiles())[0]).toEqual([]);
    expect((await storage.bucket(BUCKET).exists())[0]).toBe(true);
    expect((await storage.bucket('demo-extra').exists())[0]).toBe(false);
    await server.stop();
    const restarted = await start();
    expect((await clientFor(restarted).getFiles())[0]).toEqual([]);
  });

  it('fails with EADDRINUSE naming the port when it is taken', async () => {
    const first = await start();
    const attempt = start({ port: first.port });
    await expect(attempt).rejects.toMatchObject({ code: 'EADDRINUSE', port: first.port });
    await expect(attempt).rejects.toThrow(String(first.port));
  });

  it('leaves no sockets or file handles after stop, even mid-upload', async () => {
    const baseline = heldResources().length;
    const server = await start();
    const init = await fetch(
      `${server.url}/upload/storage/v1/b/${BUCKET}/o?uploadType=resumable&name=half.bin`,
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' },
    );
    const session = init.headers.get('location') ?? '';
    const chunk = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': 'bytes 0-9/*' },
      body: Buffer.alloc(10),
    });
    expect(chunk.status).toBe(308);
    await server.stop();
    expect(heldResources().length).toBeLessThanOrEqual(baseline);
    expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
  });

  it('answers 413 above the upload limit and keeps nothing', async () => {
    const server = await start({ maxUploadBytes: 1000 });
    const bucket = clientFor(server);
    await expect(
      bucket.file('big.bin').save(Buffer.alloc(2000), { resumable: false }),
    ).rejects.toMatchObject({
      code: 413,
    });
    const media = await fetch(
      `${server.url}/upload/storage/v1/b/${BUCKET}/o?uploadType=media&name=m`,
      {
        method: 'POST',
        body: Buffer.alloc(1001),
      },
    );
    expect(media.status).toBe(413);
    expect((await bucket.getFiles())[0]).toEqual([]);
  });

  it('answers CORS preflights and exposes the upload headers', async () => {
    const server = await start();
    await expectPreflightAllowed(
      `${server.url}/v0/b/${BUCKET}/o?name=x`,
      'http://localhost:5173',
      'x-goog-upload-protocol,content-type',
    );
    const start2 = await fetch(`${server.url}/v0/b/${BUCKET}/o?name=x`, {
      method: 'POST',
      headers: {
        Origin: 'http://localhost:5173',
        'X-Goog-Upload-Protocol': 'resumable',
        'X-Goog-Upload-Command': 'start',
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    expect(start2.headers.get('access-control-expose-headers')).toContain('X-Goog-Upload-URL');
    expect(start2.headers.get('x-goog-upload-status')).toBe('active');
  });
});

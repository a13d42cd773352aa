import { createHash } from 'node:crypto';
import { Storage, type Bucket } from '@google-cloud/storage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUCKET, bytes, startHarness, type Harness } from './helpers.ts';

let h: Harness;
let storage: Storage;
let bucket: Bucket;

beforeAll(async () => {
  h = await startHarness();
  storage = new Storage({ apiEndpoint: h.server.url, projectId: 'demo-x' });
  bucket = storage.bucket(BUCKET);
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.server.reset();
  h.finalized.length = 0;
  h.deleted.length = 0;
});

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('base64');
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error as { code?: unknown }).code,
  );

describe('@google-cloud/storage against the storage emulator', () => {
  it('gets the default bucket and answers 404 for an unknown one', async () => {
    const [metadata] = await bucket.getMetadata();
    expect(metadata.name).toBe(BUCKET);
    expect(await codeOf(storage.bucket('no-such-bucket').getMetadata())).toBe(404);
  });

  it('stores multipart and resumable uploads with matching hashes', async () => {
    const small = bytes(1234);
    await bucket
      .file('multi.bin')
      .save(small, { resumable: false, contentType: 'application/x-a' });
    const [meta] = await bucket.file('multi.bin').getMetadata();
    expect(meta).toMatchObject({
      size: '1234',
      contentType: 'application/x-a',
      md5Hash: md5(small),
    });

    const big = bytes(3 * 1024 * 1024 + 5, 7);
    await bucket.file('chunked.bin').save(big, { resumable: true, chunkSize: 1024 * 1024 });
    const [downloaded] = await bucket.file('chunked.bin').download();
    expect(downloaded.equals(big)).toBe(true);
    const [chunkedMeta] = await bucket.file('chunked.bin').getMetadata();
    expect(chunkedMeta.md5Hash).toBe(md5(big));
  });

  it('accepts a media upload and a resumable upload resumed after a status query', async () => {
    const base = `${h.server.url}/upload/storage/v1/b/${BUCKET}/o`;
    const media = await fetch(`${base}?uploadType=media&name=raw.txt`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'raw body',
    });
    expect(media.status).toBe(200);
    expect(((await media.json()) as { contentType: string }).contentType).toBe('text/plain');

    const data = bytes(600_000, 3);
    const init = await fetch(`${base}?uploadType=resumable&name=resumed.bin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Upload-Content-Type': 'image/png' },
      body: JSON.stringify({ metadata: { origin: 'test' } }),
    });
    const session = init.headers.get('location') ?? '';
    expect(session).toContain('upload_id=');
    const first = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': 'bytes 0-262143/*' },
      body: data.subarray(0, 262_144),
    });
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe('bytes=0-262143');
    const status = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': 'bytes */*' },
    });
    expect(status.status).toBe(308);
    expect(status.headers.get('range')).toBe('bytes=0-262143');
    // A retried range overlapping what was stored is skipped, not duplicated.
    const rest = await fetch(session, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes 100000-${data.length - 1}/${data.length}` },
      body: data.subarray(100_000),
    });
    expect(rest.status).toBe(200);
    const [meta] = await bucket.file('resumed.bin').getMetadata();
    expect(meta).toMatchObject({
      contentType: 'image/png',
      md5Hash: md5(data),
      metadata: { origin: 'test' },
    });
    await h.eventsArrived({ finalized: 2 });
    expect(h.finalized.map((o) => o.name)).toEqual(['raw.txt', 'resumed.bin']);
  });

  it('round-trips custom metadata and deletes a key set to null', async () => {
    const file = bucket.file('meta.txt');
    await file.save('x', { metadata: { metadata: { keep: '1', drop: '2' } } });
    await file.setMetadata({ metadata: { drop: null, added: 3 }, cacheControl: 'no-cache' });
    const [meta] = await file.getMetadata();
    expect(meta.metadata).toEqual({ keep: '1', added: '3' });
    expect(meta.cacheControl).toBe('no-cache');
    expect(meta.metageneration).toBe('2');
  });

  it('serves byte ranges', async () => {
    const data = bytes(10_000, 9);
    const file = bucket.file('range.bin');
    await file.save(data);
    const [slice] = await file.download({ start: 100, end: 199 });
    expect(slice.equals(data.subarray(100, 200))).toBe(true);
    const chunks: Buffer[] = [];
    for await (const chunk of file.createReadStream({ start: 9_990 })) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(data.subarray(9_990))).toBe(true);
    const suffix = await fetch(
      `${h.server.url}/download/storage/v1/b/${BUCKET}/o/range.bin?alt=media`,
      {
        headers: { Range: 'bytes=-4' },
      },
    );
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get('content-range')).toBe('bytes 9996-9999/10000');
    expect(Buffer.from(await suffix.arrayBuffer()).equals(data.subarray(9_996))).toBe(true);
    const past = await fetch(`${h.server.url}/storage/v1/b/${BUCKET}/o/range.bin?alt=media`, {
      headers: { Range: 'bytes=20000-' },
    });
    expect(past.status).toBe(416);
  });

  it('lists with prefix, delimiter and pages', async () => {
    const names = ['a/1.txt', 'a/2.txt', 'a/sub/3.txt', 'b/4.txt', 'top.txt'];
    for (const name of names) await bucket.file(name).save(name);
    const [files, , response] = await bucket.getFiles({ delimiter: '/', autoPaginate: false });
    expect(files.map((f) => f.name)).toEqual(['top.txt']);
    expect((response as { prefixes: string[] }).prefixes).toEqual(['a/', 'b/']);
    const [inA, , inAResponse] = await bucket.getFiles({
      prefix: 'a/',
      delimiter: '/',
      autoPaginate: false,
    });
    expect(inA.map((f) => f.name)).toEqual(['a/1.txt', 'a/2.txt']);
    expect((inAResponse as { prefixes: string[] }).prefixes).toEqual(['a/sub/']);

    const seen: string[] = [];
    type PageQuery = { maxResults: number; pageToken?: string; autoPaginate: false } | null;
    let query: PageQuery = { maxResults: 2, autoPaginate: false };
    let pages = 0;
    while (query !== null) {
      const [page, next] = await bucket.getFiles(query);
      seen.push(...page.map((f) => f.name));
      query = next as PageQuery;
      pages++;
    }
    expect(seen).toEqual(names);
    expect(pages).toBe(3);
    const [all] = await bucket.getFiles();
    expect(all).toHaveLength(5);
  });

  it('copies within and across buckets, carrying metadata', async () => {
    const source = bucket.file('src/orig.txt');
    await source.save('copy me', { contentType: 'text/plain', metadata: { metadata: { k: 'v' } } });
    const [copied] = await source.copy(bucket.file('dst/copy.txt'));
    const [meta] = await copied.getMetadata();
    expect(meta).toMatchObject({ contentType: 'text/plain', metadata: { k: 'v' }, size: '7' });
    const other = storage.bucket('demo-other-bucket');
    await source.copy(other.file('elsewhere.txt'), { metadata: { extra: 'yes' } });
    const [elsewhere] = await other.file('elsewhere.txt').download();
    expect(elsewhere.toString()).toBe('copy me');
    const [otherMeta] = await other.file('elsewhere.txt').getMetadata();
    expect(otherMeta.metadata).toEqual({ k: 'v', extra: 'yes' });
    await h.eventsArrived({ finalized: 3 });
    expect(h.finalized.map((o) => `${o.bucket}/${o.name}`)).toEqual([
      `${BUCKET}/src/orig.txt`,
      `${BUCKET}/dst/copy.txt`,
      'demo-other-bucket/elsewhere.txt',
    ]);
  });

  it('answers 412 for ifGenerationMatch=0 on an existing object and leaves it unchanged', async () => {
    const file = bucket.file('guarded.txt');
    await file.save('original', { preconditionOpts: { ifGenerationMatch: 0 } });
    const [before] = await file.getMetadata();
    expect(await codeOf(file.save('new', { preconditionOpts: { ifGenerationMatch: 0 } }))).toBe(
      412,
    );
    expect(
      await codeOf(
        file.save('new', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } }),
      ),
    ).toBe(412);
    const [after] = await file.getMetadata();
    expect(after.generation).toBe(before.generation);
    expect((await file.download())[0].toString()).toBe('original');
    const generation = Number(before.generation);
    await file.save('matched', { preconditionOpts: { ifGenerationMatch: generation } });
    expect((await file.download())[0].toString()).toBe('matched');
    // The refused saves came before this one: had they fired, their events would be in between.
    await h.eventsArrived({ finalized: 2 });
    const [matched] = await file.getMetadata();
    expect(h.finalized.map((o) => o.generation)).toEqual([before.generation, matched.generation]);
  });

  it('answers 404 in the JSON error shape', async () => {
    const missing = bucket.file('missing.txt');
    expect(await codeOf(missing.getMetadata())).toBe(404);
    expect(await codeOf(missing.download())).toBe(404);
    expect(await codeOf(missing.delete())).toBe(404);
    await missing.delete({ ignoreNotFound: true });
    expect((await missing.exists())[0]).toBe(false);
    const raw = await fetch(`${h.server.url}/storage/v1/b/${BUCKET}/o/missing.txt`);
    expect(raw.status).toBe(404);
    expect(await raw.json()).toMatchObject({
      error: { code: 404, errors: [{ reason: 'notFound' }] },
    });
  });

  it('reports finalize and delete once per operation, overwrite included', async () => {
    const file = bucket.file('events.txt');
    await file.save('one');
    const [first] = await file.getMetadata();
    await file.setMetadata({ metadata: { touched: 'yes' } });
    await file.save('two');
    await file.delete();
    await h.eventsArrived({ finalized: 2, deleted: 2 });
    expect(h.finalized).toHaveLength(2);
    expect(h.finalized[1]?.generation).not.toBe(first.generation);
    // The overwrite deletes generation one; the delete removes generation two.
    expect(h.deleted.map((o) => o.generation)).toEqual([
      first.generation,
      h.finalized[1]?.generation,
    ]);
    expect(h.deleted[0]?.metadata).toEqual({ touched: 'yes' });
  });

  it('handles names with spaces, unicode, slashes and URL characters', async () => {
    const name = 'dir one/ünï cødé #1?&=%2F+.txt';
    const file = bucket.file(name);
    await file.save('odd');
    expect((await file.download())[0].toString()).toBe('odd');
    expect((await file.getMetadata())[0].name).toBe(name);
    const [listed] = await bucket.getFiles({ prefix: 'dir one/' });
    expect(listed.map((f) => f.name)).toEqual([name]);
    await file.delete();
    expect((await file.exists())[0]).toBe(false);
  });

  it('deletes files by prefix', async () => {
    for (const name of ['tmp/a', 'tmp/b/c', 'keep']) await bucket.file(name).save(name);
    await bucket.deleteFiles({ prefix: 'tmp/' });
    const [left] = await bucket.getFiles();
    expect(left.map((f) => f.name)).toEqual(['keep']);
  });

  it('composes objects into a new one', async () => {
    await bucket.file('part-1').save('hello ');
    await bucket.file('part-2').save('world');
    await bucket.combine(['part-1', 'part-2'], bucket.file('whole.txt'));
    const [whole] = await bucket.file('whole.txt').download();
    expect(whole.toString()).toBe('hello world');
    const [meta] = await bucket.file('whole.txt').getMetadata();
    expect(meta.md5Hash).toBe(md5(Buffer.from('hello world')));
  });
});

// A firmware image read through firebase-admin in 64 KiB ranges, the way a device downloads one:
// each range is a ranged read, a cut drops the connection mid-range, and the reader resumes from
// the bytes it holds. What the SDK sends for {start, end} and how GCS answers is in
// local-cloud/src/storage/RANGES.md.
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getStorage } from 'firebase-admin/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, bytes, startHarness, type Harness } from './helpers.ts';

const SIZE = 2 * 1024 * 1024;
const RANGE = 64 * 1024;
/** A cut keeps this much of the range it interrupts; the rest of what arrived is lost with it. */
const KEPT_AT_CUT = 20_000;
const CUT_RANGES = new Set([5, 21]);
const NAME = 'firmware/gadget-2.4.1.bin';
const firmware = bytes(SIZE, 241);

let h: Harness;
let app: App;

beforeAll(async () => {
  h = await startHarness();
  process.env.FIREBASE_STORAGE_EMULATOR_HOST = h.server.hostAndPort;
  app = initializeApp({ projectId: 'demo-x', storageBucket: BUCKET }, 'storage-range-resume');
  await getStorage(app)
    .bucket()
    .file(NAME)
    .save(firmware, { resumable: false, contentType: 'application/octet-stream' });
});
afterAll(async () => {
  await deleteApp(app);
  delete process.env.FIREBASE_STORAGE_EMULATOR_HOST;
  // firebase-admin copies the variable into STORAGE_EMULATOR_HOST for @google-cloud/storage.
  delete process.env.STORAGE_EMULATOR_HOST;
  await h.close();
});

type File = ReturnType<ReturnType<ReturnType<typeof getStorage>['bucket']>['file']>;

interface RangeRead {
  /** The bytes kept: all of the range, or what was held when the cut came. */
  kept: Buffer;
  /** Every body byte the stream delivered, kept or not. */
  received: number;
  status: number | undefined;
  contentRange: string | undefined;
}

/** Reads [start, end] with createReadStream; `cut` destroys the stream mid-range. */
function readRange(file: File, start: number, end: number, cut: boolean): Promise<RangeRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let kept = 0;
    let status: number | undefined;
    let contentRange: string | undefined;
    const stream = file.createReadStream({ start, end });
    stream.on('response', (res: { statusCode?: number; headers: Record<string, unknown> }) => {
      status = res.statusCode;
      contentRange = res.headers['content-range'] as string | undefined;
    });
    const done = () => {
      resolve({ kept: Buffer.concat(chunks), received, status, contentRange });
    };
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (cut && kept + chunk.length >= KEPT_AT_CUT) {
        chunks.push(chunk.subarray(0, KEPT_AT_CUT - kept));
        kept = KEPT_AT_CUT;
        stream.destroy();
        done();
        return;
      }
      chunks.push(chunk);
      kept += chunk.length;
    });
    stream.on('end', done);
    stream.on('error', reject);
  });
}

describe('firebase-admin ranged reads of a 2 MB firmware image', () => {
  it('reassembles it from 64 KiB ranges across two cuts, resuming from the bytes held', async () => {
    const file = getStorage(app).bucket().file(NAME);
    const parts: Buffer[] = [];
    let transferred = 0;
    let cuts = 0;
    for (let index = 0, offset = 0; offset < SIZE; index++, offset += RANGE) {
      const end = Math.min(offset + RANGE, SIZE) - 1;
      const read = await readRange(file, offset, end, CUT_RANGES.has(index));
      expect(read.status).toBe(206);
      expect(read.contentRange).toBe(`bytes ${offset}-${end}/${SIZE}`);
      transferred += read.received;
      parts.push(read.kept);
      const held = offset + read.kept.length;
      if (held <= end) {
        // Cut: the range is incomplete. Resume from the byte count held, with download().
        cuts++;
        expect(read.kept.length).toBe(KEPT_AT_CUT);
        const [rest] = await file.download({ start: held, end });
        expect(rest.length).toBe(end - held + 1);
        transferred += rest.length;
        parts.push(rest);
      }
    }
    const image = Buffer.concat(parts);
    expect(cuts).toBe(2);
    expect(image.length).toBe(SIZE);
    expect(image.equals(firmware)).toBe(true);
    // Each cut may waste at most what arrived of its range beyond the bytes held; a server that
    // ignored Range would send the whole image per request.
    expect(transferred).toBeGreaterThanOrEqual(SIZE);
    expect(transferred).toBeLessThan(SIZE + 2 * RANGE);
  });

  it('reads the tail with a negative end and refuses a start past the end with 416', async () => {
    const file = getStorage(app).bucket().file(NAME);
    const [tail] = await file.download({ end: -100 });
    expect(tail.equals(firmware.subarray(SIZE - 100))).toBe(true);
    const [last] = await file.download({ start: SIZE - RANGE / 2, end: SIZE + RANGE });
    expect(last.equals(firmware.subarray(SIZE - RANGE / 2))).toBe(true);
    await expect(file.download({ start: SIZE, end: SIZE + RANGE - 1 })).rejects.toMatchObject({
      code: 416,
    });
  });
});

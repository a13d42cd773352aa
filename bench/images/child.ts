// One measurement in a fresh process (so peak RSS is this approach's alone):
// `node bench/images/child.ts <approach> <input file> <threads>`; prints one JSON line.
// Every approach loads the same modules; `idle` loads them and reads the input and does nothing
// else, which is the process floor the other approaches' working memory is measured above.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { IMAGE_SIZES } from '@gadget/shared';
import { renderVariants } from '../../functions/src/services/images/render.ts';

const [approach, inputFile = '', threadsArg] = process.argv.slice(2);
const threads = Number(threadsArg ?? 2);
const QUALITY = 80;
const SIZES = IMAGE_SIZES.photo;
// Both approaches get the same libvips threads. (The extension leaves sharp's default, which on
// glibc Linux is 1; giving it as many threads as the pipeline is the fairer comparison.)
sharp.cache(false);
sharp.concurrency(threads);

const inside = (size: number) =>
  ({ width: size, height: size, fit: 'inside', withoutEnlargement: true }) as const;

/**
 * What Firebase's resize extension (storage-resize-images, `modifyImage`) does for each size, all
 * sizes at once: sharp reads the downloaded file with `failOnError: false` (`failOn: 'none'` in
 * this sharp), rotates and resizes it into a buffer in the original format; `convertType` decodes
 * that and encodes WebP; then
 * `sharp(buffer).toFile(tmp)` decodes the WebP once more and writes it (the temporary name has no
 * extension, so sharp encodes WebP again at its defaults) before the upload. `writeStep: false`
 * stops after the conversion, to show what that last step costs.
 */
async function decodePerVariant(writeStep: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'gadget-bench-extension-'));
  try {
    const outputs = await Promise.all(
      SIZES.map(async (size) => {
        const resized = await sharp(inputFile, { failOn: 'none' })
          .rotate()
          .resize(inside(size))
          .toBuffer();
        const converted = await sharp(resized).webp({ quality: QUALITY }).toBuffer();
        if (!writeStep) return converted.length;
        const written = await sharp(converted).toFile(join(dir, randomUUID()));
        return written.size;
      }),
    );
    return outputs.reduce((sum, bytes) => sum + bytes, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pipeline(input: Buffer): Promise<number> {
  const variants = await renderVariants(input, {
    shape: 'inside',
    sizes: SIZES,
    quality: QUALITY,
    threads,
  });
  return variants.reduce((sum, v) => sum + v.data.length, 0);
}

/** The floor: one decode at the largest size, then each encode, each step timed on its own. */
async function floor(
  input: Buffer,
): Promise<{ bytes: number; decodeMs: number; encodeMs: number[] }> {
  let started = performance.now();
  const { data, info } = await sharp(input)
    .autoOrient()
    .resize(inside(Math.max(...SIZES)))
    .raw()
    .toBuffer({ resolveWithObject: true });
  const decodeMs = performance.now() - started;
  const encodeMs: number[] = [];
  let bytes = 0;
  for (const size of SIZES) {
    started = performance.now();
    const out = await sharp(data, { raw: info })
      .resize(inside(size))
      .webp({ quality: QUALITY })
      .toBuffer();
    encodeMs.push(performance.now() - started);
    bytes += out.length;
  }
  return { bytes, decodeMs, encodeMs };
}

// The extension reads the downloaded file by path; the other approaches get the bytes in memory,
// as the function has them after its download.
const input = approach?.startsWith('decode-per-variant') ? undefined : readFileSync(inputFile);
const started = performance.now();
let extra: Record<string, unknown> = {};
let bytes = 0;
if (approach === 'decode-per-variant') bytes = await decodePerVariant(true);
else if (approach === 'decode-per-variant-no-write') bytes = await decodePerVariant(false);
else if (approach === 'pipeline' && input) bytes = await pipeline(input);
else if (approach === 'floor' && input) {
  const result = await floor(input);
  bytes = result.bytes;
  extra = { decodeMs: result.decodeMs, encodeMs: result.encodeMs };
} else if (approach !== 'idle') throw new Error(`unknown approach ${String(approach)}`);
const wallMs = performance.now() - started;
console.log(
  JSON.stringify({
    approach,
    wallMs,
    peakRss: process.resourceUsage().maxRSS * 1024,
    // libvips' own high-water mark of the pixel memory it allocated, in MB (codecs' buffers not
    // included): the approach's image memory without the process around it.
    vipsHighMb: sharp.cache().memory.high,
    bytes,
    ...extra,
  }),
);

// One measurement in a fresh process (so peak RSS is this approach's alone):
// `node bench/images/child.ts <approach> <input file> <threads>`; prints one JSON line.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { IMAGE_SIZES } from '@gadget/shared';
import { renderVariants } from '../../functions/src/services/images/render.ts';

const [approach, inputFile, threadsArg] = process.argv.slice(2);
const threads = Number(threadsArg ?? 2);
const QUALITY = 80;
const SIZES = IMAGE_SIZES.photo;
const input = readFileSync(inputFile ?? '');
sharp.cache(false);
sharp.concurrency(threads);

const inside = (size: number) =>
  ({ width: size, height: size, fit: 'inside', withoutEnlargement: true }) as const;

/** What Firebase's resize extension does per size, all sizes at once: decode, resize, encode to
 * the original format, then decode that and convert it to the output format. */
async function decodePerVariant(): Promise<number> {
  const outputs = await Promise.all(
    SIZES.map(async (size) => {
      const resized = await sharp(input, { limitInputPixels: 50_000_000 })
        .rotate()
        .resize(inside(size))
        .toBuffer();
      return sharp(resized).webp({ quality: QUALITY }).toBuffer();
    }),
  );
  return outputs.reduce((sum, b) => sum + b.length, 0);
}

async function pipeline(): Promise<number> {
  const variants = await renderVariants(input, {
    shape: 'inside',
    sizes: SIZES,
    quality: QUALITY,
    threads,
  });
  return variants.reduce((sum, v) => sum + v.data.length, 0);
}

/** The floor: one decode at the largest size, then each encode, each step timed on its own. */
async function floor(): Promise<{ bytes: number; decodeMs: number; encodeMs: number[] }> {
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

const started = performance.now();
let extra: Record<string, unknown> = {};
let bytes: number;
if (approach === 'decode-per-variant') bytes = await decodePerVariant();
else if (approach === 'pipeline') bytes = await pipeline();
else if (approach === 'floor') {
  const result = await floor();
  bytes = result.bytes;
  extra = { decodeMs: result.decodeMs, encodeMs: result.encodeMs };
} else throw new Error(`unknown approach ${String(approach)}`);
const wallMs = performance.now() - started;
console.log(
  JSON.stringify({
    approach,
    wallMs,
    peakRss: process.resourceUsage().maxRSS * 1024,
    bytes,
    ...extra,
  }),
);

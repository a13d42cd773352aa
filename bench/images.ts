// `npm run bench:images`: a generated 12 MP photo-like JPEG (noise on gradients, EXIF orientation
// 6) to the three photo variants, WebP quality 80 effort 4 throughout, each approach in its own
// fresh process per round (alternating, medians): the pipeline (one decode, encodes from its
// pixels); the decode-per-variant steps of Firebase's resize extension as it ships them, and the
// same without their last write step; the floor (one decode at the largest size plus each encode,
// timed step by step); and an idle process with the same modules and input, whose peak RSS is the
// floor every approach's working memory sits on. Then a 50 MP input through the pipeline, for its
// peak RSS against the function's memory. Budgets: ≥ 1.5× faster than decode-per-variant and
// ≤ 0.75× its memory above the idle process; ≤ 1.25× the floor.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { IMAGE_FUNCTION } from '../functions/src/config.ts';
import { median } from './median.ts';
import { recordBudgets } from './summary.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const THREADS = IMAGE_FUNCTION.cpu;

interface Sample {
  approach: string;
  wallMs: number;
  peakRss: number;
  vipsHighMb: number;
  bytes: number;
  decodeMs?: number;
  encodeMs?: number[];
}

/** Smooth gradients with per-pixel noise: compresses and decodes like a phone photo. */
async function photoLikeJpeg(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 12345;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const noise = (seed % 41) - 20;
      const i = (y * width + x) * 3;
      pixels[i] = Math.max(0, Math.min(255, ((x / width) * 200 + 30 + noise) | 0));
      pixels[i + 1] = Math.max(0, Math.min(255, ((y / height) * 180 + 40 + noise) | 0));
      pixels[i + 2] = Math.max(
        0,
        Math.min(255, (((x + y) / (width + height)) * 150 + 60 + noise) | 0),
      );
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 }, limitInputPixels: false })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

async function measure(approach: string, file: string): Promise<Sample> {
  const { stdout } = await run(
    process.execPath,
    [`${ROOT}bench/images/child.ts`, approach, file, String(THREADS)],
    { cwd: ROOT, maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Sample;
}

/** A function memory setting such as `1GiB` or `512MiB`, in bytes. */
const memoryBytes = (setting: string) => {
  const match = /^(\d+)(MiB|GiB)$/.exec(setting);
  if (!match) throw new Error(`unexpected memory setting ${setting}`);
  return Number(match[1]) * 1024 ** (match[2] === 'GiB' ? 3 : 2);
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0).padStart(5)} MB`;
const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'gadget-bench-images-'));
try {
  const photo = join(dir, '12mp.jpg');
  writeFileSync(photo, await photoLikeJpeg(4032, 3024));
  const huge = join(dir, '50mp.jpg');
  writeFileSync(huge, await photoLikeJpeg(8660, 5773));

  const approaches = [
    'idle',
    'decode-per-variant',
    'decode-per-variant-no-write',
    'pipeline',
    'floor',
  ] as const;
  const samples: Record<string, Sample[]> = {};
  for (let round = 0; round <= ROUNDS; round++) {
    for (const approach of approaches) {
      const sample = await measure(approach, photo);
      // Round 0 warms the file cache and is not counted.
      if (round > 0) (samples[approach] ??= []).push(sample);
    }
  }
  const summary = (approach: (typeof approaches)[number]) => {
    const list = samples[approach] ?? [];
    return {
      wallMs: median(list.map((s) => s.wallMs)),
      peakRss: median(list.map((s) => s.peakRss)),
      vipsHighMb: median(list.map((s) => s.vipsHighMb)),
    };
  };
  const floorList = samples.floor ?? [];
  const floorMs = median(
    floorList.map((s) => (s.decodeMs ?? 0) + (s.encodeMs ?? []).reduce((a, b) => a + b, 0)),
  );
  const decodeMs = median(floorList.map((s) => s.decodeMs ?? 0));
  const encodeMs = [0, 1, 2].map((i) => median(floorList.map((s) => s.encodeMs?.[i] ?? 0)));
  const idle = summary('idle');
  const reference = summary('decode-per-variant');
  const referenceNoWrite = summary('decode-per-variant-no-write');
  const ours = summary('pipeline');

  const hugeSamples: Sample[] = [];
  for (let round = 0; round < 3; round++) hugeSamples.push(await measure('pipeline', huge));

  console.log(
    `12 MP JPEG (4032×3024, EXIF orientation 6) to WebP 320/1280/2048, quality 80, ` +
      `median of ${String(ROUNDS)} fresh processes each; libvips threads ${String(THREADS)}, ` +
      `${String(cpus().length)} cores, Node ${process.version}`,
  );
  console.log('');
  console.log('                                 wall time   peak RSS   above idle   libvips high');
  const row = (label: string, s: { wallMs: number; peakRss: number; vipsHighMb: number }) => {
    console.log(
      `  ${label.padEnd(30)}${ms(s.wallMs)}   ${mb(s.peakRss)}   ${mb(s.peakRss - idle.peakRss)}` +
        `     ${String(s.vipsHighMb).padStart(5)} MB`,
    );
  };
  console.log(
    `  ${'idle process (same modules)'.padEnd(30)}${' '.repeat(9)}   ${mb(idle.peakRss)}`,
  );
  row('decode-per-variant (extension)', reference);
  row('  … without its write step', referenceNoWrite);
  row('pipeline', ours);
  console.log(
    `  ${'floor'.padEnd(30)}${ms(floorMs)}   (decode ${decodeMs.toFixed(0)} ms + encodes ` +
      `${encodeMs.map((v) => v.toFixed(0)).join(' + ')} ms)`,
  );
  console.log('');
  const speedup = reference.wallMs / ours.wallMs;
  const memory = (ours.peakRss - idle.peakRss) / (reference.peakRss - idle.peakRss);
  const grossMemory = ours.peakRss / reference.peakRss;
  const toFloor = ours.wallMs / floorMs;
  const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER BUDGET');
  console.log(
    `  speed-up vs decode-per-variant      ${speedup.toFixed(2)}×  (budget ≥ 1.5×)  ${verdict(speedup >= 1.5)}`,
  );
  console.log(
    `  memory above idle vs the same       ${memory.toFixed(2)}×  (budget ≤ 0.75×) ${verdict(memory <= 0.75)}`,
  );
  console.log(
    `  wall time vs floor                  ${toFloor.toFixed(2)}×  (budget ≤ 1.25×) ${verdict(toFloor <= 1.25)}`,
  );
  console.log(
    `  (whole-process peak RSS ${grossMemory.toFixed(2)}×; libvips high-water mark ` +
      `${(ours.vipsHighMb / reference.vipsHighMb).toFixed(2)}×; speed-up vs the extension without ` +
      `its write step ${(referenceNoWrite.wallMs / ours.wallMs).toFixed(2)}×)`,
  );
  console.log('');
  const hugeRss = median(hugeSamples.map((s) => s.peakRss));
  const hugeFits = hugeRss < memoryBytes(IMAGE_FUNCTION.memory);
  console.log(
    `50 MP JPEG (8660×5773) through the pipeline: ${median(hugeSamples.map((s) => s.wallMs)).toFixed(0)} ms, ` +
      `peak RSS ${mb(hugeRss).trim()} against the function's ${IMAGE_FUNCTION.memory}`,
  );
  recordBudgets([
    {
      bench: 'images',
      figure: '12 MP → 3 WebP: speed-up vs decode-per-variant',
      measured: `${speedup.toFixed(2)}× (${ours.wallMs.toFixed(0)} / ${reference.wallMs.toFixed(0)} ms)`,
      budget: '≥ 1.5×',
      ok: speedup >= 1.5,
    },
    {
      bench: 'images',
      figure: '12 MP → 3 WebP: memory above idle vs decode-per-variant',
      measured: `${memory.toFixed(2)}× (whole process ${grossMemory.toFixed(2)}×, libvips ${(ours.vipsHighMb / reference.vipsHighMb).toFixed(2)}×)`,
      budget: '≤ 0.75×',
      ok: memory <= 0.75,
    },
    {
      bench: 'images',
      figure: '12 MP → 3 WebP: wall time vs the floor',
      measured: `${toFloor.toFixed(2)}× (floor ${floorMs.toFixed(0)} ms)`,
      budget: '≤ 1.25×',
      ok: toFloor <= 1.25,
    },
    {
      bench: 'images',
      figure: '50 MP JPEG: peak RSS',
      measured: mb(hugeRss).trim(),
      budget: `< ${IMAGE_FUNCTION.memory} (the function's memory)`,
      ok: hugeFits,
    },
  ]);
  if (speedup < 1.5 || memory > 0.75 || toFloor > 1.25 || !hugeFits) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

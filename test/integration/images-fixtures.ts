// Upload fixtures for the image pipeline tests, generated with sharp (and zlib for the one file
// sharp would take seconds to encode).
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { TestCloud } from '@gadget/local-cloud/testing';

const RED = { r: 255, g: 0, b: 0 };
const BLUE = { r: 0, g: 0, b: 255 };

/**
 * A JPEG stored `width`×`height`, left half red and right half blue, with EXIF orientation 6
 * (turn 90° clockwise to view) and GPS coordinates: viewed upright it is red on top, blue below.
 */
export async function rotatedJpegWithGps(width: number, height: number): Promise<Buffer> {
  const half = Math.floor(width / 2);
  return sharp({ create: { width, height, channels: 3, background: BLUE } })
    .composite([
      {
        input: { create: { width: half, height, channels: 3, background: RED } },
        left: 0,
        top: 0,
      },
    ])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W' },
    })
    .toBuffer();
}

export function cmykJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 300, height: 200, channels: 3, background: BLUE } })
    .toColourspace('cmyk')
    .jpeg()
    .toBuffer();
}

export function pngWithAlpha(): Promise<Buffer> {
  return sharp({
    create: { width: 300, height: 200, channels: 4, background: { ...RED, alpha: 0.5 } },
  })
    .png()
    .toBuffer();
}

/** 50 frames of 64×48, each a different shade, so no frame is merged into another. */
export async function animatedGif(): Promise<Buffer> {
  const frames = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      sharp({ create: { width: 64, height: 48, channels: 3, background: BLUE } })
        .composite([
          {
            input: { create: { width: 8, height: 8, channels: 3, background: RED } },
            left: (i % 8) * 7,
            top: Math.floor(i / 8) * 6,
          },
        ])
        .png()
        .toBuffer(),
    ),
  );
  return sharp(frames, { join: { animated: true } })
    .gif()
    .toBuffer();
}

export function svg(): Buffer {
  return Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="red"/></svg>',
  );
}

export function html(): Buffer {
  return Buffer.from('<!doctype html><html><body><img src="x.jpg"></body></html>');
}

/** The start of an HEIC file: an ISO-BMFF `ftyp` box with the `heic` brand. */
export function heicBytes(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.write('mif1heic', 16, 'latin1');
  return Buffer.concat([ftyp, Buffer.alloc(512, 7)]);
}

/**
 * A valid 20,000 × 20,000 one-bit greyscale PNG of about 50 KB (a decompression bomb: 400 MP).
 * Built directly because sharp takes seconds to encode that many pixels.
 */
export function hugePng(side = 20_000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.writeUInt8(1, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  const row = Buffer.alloc(1 + Math.ceil(side / 8)); // filter byte 0, then all-black pixels
  const raw = Buffer.concat(Array.from({ length: side }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** EXIF's GPS IFD pointer tag (0x8825), in either byte order. */
export function hasGpsTag(exif: Buffer | undefined): boolean {
  if (exif === undefined) return false;
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
}

/** The colour at (x, y) of an image, as [r, g, b]. */
export async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return [data[offset] ?? -1, data[offset + 1] ?? -1, data[offset + 2] ?? -1];
}

export async function objectNames(cloud: TestCloud, prefix: string): Promise<string[]> {
  const [files] = await cloud.bucket.getFiles({ prefix });
  return files.map((f) => f.name).sort();
}

export async function download(cloud: TestCloud, path: string): Promise<Buffer> {
  const [bytes] = await cloud.bucket.file(path).download();
  return bytes;
}

import type { Metadata } from 'sharp';
import { ImageRejectedError, MAX_INPUT_PIXELS } from './rejection.ts';
import { loadSharp } from './sharp-loader.ts';
import type { SharpFunction } from './sharp-loader.ts';

export type VariantShape = 'square' | 'inside';

export interface RenderOptions {
  /** Avatars are cropped to squares; photos fit inside the size and are never enlarged. */
  readonly shape: VariantShape;
  readonly sizes: readonly number[];
  readonly quality: number;
  /** libvips threads per image: the function's vCPUs. */
  readonly threads: number;
}

export interface RenderedVariant {
  readonly size: number;
  /**
   * The size whose file holds these pixels: `size` itself, or a smaller size of a photo too small
   * for either, whose encoding is the same bytes (`data` is then that size's buffer).
   */
  readonly storedAs: number;
  readonly width: number;
  readonly height: number;
  readonly data: Buffer;
}

// libwebp's default effort, as the resize extension uses: lower would buy speed with quality.
const WEBP_EFFORT = 4;

/**
 * One decode for all sizes: the input is decoded once (JPEG shrink-on-load where the largest size
 * allows it), turned upright from its EXIF orientation, converted to sRGB and scaled to the largest
 * size, into raw pixels; every variant is encoded from those pixels, in parallel. Decoding is
 * what costs memory and repeating it per size is what the resize extension does. WebP output from
 * raw pixels carries no metadata at all: no EXIF, GPS, XMP or ICC.
 */
export async function renderVariants(
  input: Buffer,
  options: RenderOptions,
): Promise<RenderedVariant[]> {
  const sharp = await loadSharp(options.threads);
  await checkInput(sharp, input);
  const largest = Math.max(...options.sizes);
  const decoded = await sharp(input, {
    limitInputPixels: MAX_INPUT_PIXELS,
    // Warnings (odd markers phones write) are tolerated; truncated or broken data is not.
    failOn: 'error',
    autoOrient: true,
  })
    .resize(resizeTo(options.shape, largest))
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch((error: unknown) => {
      throw decodeFailure(error);
    });
  const { width, height, channels } = decoded.info;
  const whole = smallestHoldingWhole(options, Math.max(width, height));
  const encodings = new Map<
    number,
    Promise<{ data: Buffer; info: { width: number; height: number } }>
  >();
  const encode = (size: number) => {
    let encoding = encodings.get(size);
    if (encoding === undefined) {
      encoding = sharp(decoded.data, { raw: { width, height, channels } })
        .resize(resizeTo(options.shape, size))
        .webp({ quality: options.quality, effort: WEBP_EFFORT })
        .toBuffer({ resolveWithObject: true });
      encodings.set(size, encoding);
    }
    return encoding;
  };
  return Promise.all(
    options.sizes.map(async (size) => {
      const storedAs = whole !== undefined && size > whole ? whole : size;
      const { data, info } = await encode(storedAs);
      return { size, storedAs, width: info.width, height: info.height, data };
    }),
  );
}

/**
 * A photo is never enlarged, so every size its decoded pixels already fit in would encode those
 * very pixels again, byte for byte: the smallest such size, whose file the larger ones share.
 * Undefined when no size holds the whole (and for avatars, which are scaled to every size).
 */
function smallestHoldingWhole(options: RenderOptions, longestSide: number): number | undefined {
  if (options.shape !== 'inside') return undefined;
  const holding = options.sizes.filter((size) => size >= longestSide);
  return holding.length === 0 ? undefined : Math.min(...holding);
}

function resizeTo(shape: VariantShape, size: number) {
  return shape === 'square'
    ? { width: size, height: size, fit: 'cover' as const }
    : { width: size, height: size, fit: 'inside' as const, withoutEnlargement: true };
}

/** The format from the bytes' own header, never the upload's contentType, before any decoding. */
async function checkInput(sharp: SharpFunction, input: Buffer): Promise<Metadata> {
  let metadata: Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    // libheif in sharp's prebuilt binaries cannot parse HEIC at all; name it rather than call it
    // "not an image", since phones do send it.
    if (isHeic(input)) throw new ImageRejectedError('unsupported-format', 'HEIC');
    throw new ImageRejectedError('not-an-image');
  }
  if (!isSupported(metadata)) {
    throw new ImageRejectedError('unsupported-format', formatName(metadata));
  }
  const { width, height } = metadata;
  if (width * height > MAX_INPUT_PIXELS) {
    throw new ImageRejectedError('too-many-pixels', `${String(width)}×${String(height)}`);
  }
  return metadata;
}

const SUPPORTED = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff']);

function isSupported(metadata: Metadata): boolean {
  // HEIF is a container: AV1 inside is AVIF (supported), HEVC inside is HEIC (patent-encumbered,
  // not decoded by sharp's prebuilt libvips).
  if (metadata.format === 'heif') return metadata.compression === 'av1';
  return SUPPORTED.has(metadata.format);
}

function formatName(metadata: Metadata): string {
  if (metadata.format === 'heif') return metadata.compression === 'hevc' ? 'HEIC' : 'HEIF';
  return metadata.format.toUpperCase();
}

function decodeFailure(error: unknown): ImageRejectedError {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return new ImageRejectedError('too-many-pixels');
  return new ImageRejectedError('corrupt', message.split('\n')[0]?.slice(0, 200));
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);

/** An ISO-BMFF file whose `ftyp` box names a HEVC brand (major or compatible). */
function isHeic(input: Buffer): boolean {
  if (input.length < 16 || input.toString('latin1', 4, 8) !== 'ftyp') return false;
  const boxSize = Math.min(input.readUInt32BE(0), input.length, 256);
  for (let offset = 8; offset + 4 <= boxSize; offset += 4) {
    if (offset === 12) continue; // minor version
    if (HEIC_BRANDS.has(input.toString('latin1', offset, offset + 4))) return true;
  }
  return false;
}

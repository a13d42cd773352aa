import type sharpDefault from 'sharp';

export type SharpFunction = typeof sharpDefault;
let loaded: Promise<SharpFunction> | undefined;

/**
 * sharp costs about 0.1 s to import and only the image trigger needs it, so it is loaded on first
 * use and never on the callables' path. Its operation cache is off (every input is seen once) and
 * libvips runs `threads` threads per image, one per vCPU of the function.
 */
export function loadSharp(threads: number): Promise<SharpFunction> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    sharp.concurrency(threads);
    return sharp;
  });
  return loaded;
}

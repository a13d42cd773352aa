import { describe, expect, it } from 'vitest';
import { boundaryOf, readMultipartRelated } from './multipart.ts';

function body(boundary: string, metadata: string, media: Buffer, type = 'image/png'): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n${metadata}\r\n` +
        `--${boundary}\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    media,
    Buffer.from(`\r\n--${boundary}--`),
  ]);
}

async function parse(whole: Buffer, boundary: string, chunkSize: number) {
  const chunks: Buffer[] = [];
  for (let i = 0; i < whole.length; i += chunkSize) chunks.push(whole.subarray(i, i + chunkSize));
  const media: Buffer[] = [];
  async function* source() {
    await Promise.resolve();
    yield* chunks;
  }
  const result = await readMultipartRelated(source(), boundary, (c) => {
    media.push(Buffer.from(c));
    return Promise.resolve();
  });
  return { ...result, media: Buffer.concat(media) };
}

describe('readMultipartRelated', () => {
  const media = Buffer.from('\r\n--not-the-boundary\r\nbinary\x00\xff data\r\n-');

  it.each([1, 3, 7, 64, 4096])('splits metadata and media fed in %i-byte chunks', async (size) => {
    const result = await parse(body('abc123', '{"name":"x"}', media), 'abc123', size);
    expect(result.metadataJson).toBe('{"name":"x"}');
    expect(result.mediaContentType).toBe('image/png');
    expect(result.media.equals(media)).toBe(true);
  });

  it('accepts an empty media part', async () => {
    const result = await parse(body('b', '{}', Buffer.alloc(0)), 'b', 5);
    expect(result.media.length).toBe(0);
  });

  it('rejects a body without its closing delimiter', async () => {
    const whole = body('b', '{}', media);
    await expect(parse(whole.subarray(0, whole.length - 4), 'b', 10)).rejects.toThrow(/closing/);
  });

  it('reads the boundary from the Content-Type header', () => {
    expect(boundaryOf('multipart/related; boundary=xyz')).toBe('xyz');
    expect(boundaryOf('multipart/related; boundary="q r"')).toBe('q r');
    expect(boundaryOf('application/json')).toBeUndefined();
  });
});

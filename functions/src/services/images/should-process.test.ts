import { describe, expect, it } from 'vitest';
import { LIMITS } from '@gadget/shared';
import { OUTPUT_MARKER } from './paths.ts';
import { shouldProcess, sizeProblem } from './should-process.ts';
import type { UploadedObject } from './should-process.ts';

const object = (fields: Partial<UploadedObject>): UploadedObject => ({
  name: 'uploads/users/u1/avatar/me.jpg',
  bucket: 'b',
  generation: '1700000000000001',
  size: '1000',
  ...fields,
});

describe('shouldProcess', () => {
  it('takes avatar and device photo uploads, with the generation as a bigint', () => {
    expect(shouldProcess(object({}))).toEqual({
      process: true,
      target: { kind: 'avatar', uid: 'u1' },
      generation: 1700000000000001n,
    });
    expect(shouldProcess(object({ name: 'uploads/devices/d1/photos/p_1/x y.png' }))).toEqual({
      process: true,
      target: { kind: 'photo', deviceId: 'd1', photoId: 'p_1' },
      generation: 1700000000000001n,
    });
  });

  it('ignores its own outputs even on an upload path', () => {
    const metadata = { [OUTPUT_MARKER.key]: OUTPUT_MARKER.value };
    expect(shouldProcess(object({ metadata }))).toEqual({
      process: false,
      reason: 'pipeline-output',
    });
    expect(shouldProcess(object({ metadata: { [OUTPUT_MARKER.key]: 'other' } })).process).toBe(
      true,
    );
  });

  it('ignores everything outside the two upload shapes', () => {
    for (const name of [
      'images/users/u1/avatar/128.webp',
      'exports/users/u1/export.json',
      'uploads/users/u1/avatar/',
      'uploads/users/u1/avatar/a/b.jpg',
      'uploads/users/../avatar/x.jpg',
      'uploads/users/u.1/avatar/x.jpg',
      'uploads/devices/d1/photos/x.jpg',
      `uploads/users/${'u'.repeat(129)}/avatar/x.jpg`,
      'prefix/uploads/users/u1/avatar/x.jpg',
    ]) {
      expect(shouldProcess(object({ name })), name).toEqual({
        process: false,
        reason: 'not-an-upload-path',
      });
    }
  });

  it('needs a numeric generation', () => {
    for (const generation of ['', 'abc', '-1', '1.5', '1'.repeat(21)]) {
      expect(shouldProcess(object({ generation })), generation).toEqual({
        process: false,
        reason: 'no-generation',
      });
    }
  });
});

describe('sizeProblem', () => {
  it('refuses empty and oversized objects from the event alone', () => {
    expect(sizeProblem(object({ size: '0' }))).toBe('empty');
    expect(sizeProblem(object({ size: 'x' }))).toBe('empty');
    expect(sizeProblem(object({ size: String(LIMITS.uploadMaxBytes + 1) }))).toBe('too-large');
    expect(sizeProblem(object({ size: String(LIMITS.uploadMaxBytes) }))).toBeUndefined();
    expect(sizeProblem(object({ size: '1' }))).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { outputsOf } from './upload-variants.ts';

const avatar = {
  variantFolder: 'images/users/u1/avatar/',
  manifest: { document: ['users', 'u1'], field: 'avatar' },
};
const photo = {
  variantFolder: 'images/devices/d1/photos/p1/',
  manifest: { document: ['devices', 'd1', 'photos', 'p1'] },
};

describe('outputsOf', () => {
  it('finds the outputs from the upload, a variant or the variants folder', () => {
    for (const name of [
      'uploads/users/u1/avatar/me.jpg',
      'images/users/u1/avatar/128.webp',
      'images/users/u1/avatar/',
    ]) {
      expect(outputsOf(name), name).toEqual(avatar);
    }
    for (const name of [
      'uploads/devices/d1/photos/p1/original',
      'images/devices/d1/photos/p1/1280.webp',
      'images/devices/d1/photos/p1/',
    ]) {
      expect(outputsOf(name), name).toEqual(photo);
    }
  });

  it('knows nothing of other paths, upload folders or deeper ones', () => {
    for (const name of [
      'uploads/users/u1/avatar/',
      'uploads/devices/d1/photos/p1/',
      'images/users/u1/',
      'images/devices/d1/photos/p1/x/y.webp',
      'exports/users/u1/export.json',
      'images/users/../avatar/128.webp',
    ]) {
      expect(outputsOf(name), name).toBeUndefined();
    }
  });
});

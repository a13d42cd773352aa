import { describe, expect, it } from 'vitest';
import { defaultBucketName, NoDefaultBucketError } from './storage-bucket.ts';

/** A project whose buckets are `existing`; records which names were asked about. */
function project(existing: string[]) {
  const asked: string[] = [];
  const exists = (bucket: string) => {
    asked.push(bucket);
    return Promise.resolve(existing.includes(bucket));
  };
  return { asked, exists };
}

describe('defaultBucketName', () => {
  it('takes a new project’s firebasestorage.app bucket, first', async () => {
    const { asked, exists } = project(['p.firebasestorage.app', 'p.appspot.com']);
    expect(await defaultBucketName('p', false, {}, exists)).toBe('p.firebasestorage.app');
    expect(asked).toEqual(['p.firebasestorage.app']);
  });

  it('takes an older project’s appspot.com bucket when that is the one there', async () => {
    const { exists } = project(['p.appspot.com']);
    expect(await defaultBucketName('p', false, {}, exists)).toBe('p.appspot.com');
  });

  it('refuses a project with neither, naming both and what to do', async () => {
    const { exists } = project([]);
    const refusal = defaultBucketName('p', false, {}, exists);
    await expect(refusal).rejects.toThrow(NoDefaultBucketError);
    await expect(refusal).rejects.toThrow(
      /neither gs:\/\/p\.firebasestorage\.app nor gs:\/\/p\.appspot\.com.*STORAGE_BUCKET/,
    );
  });

  it('takes STORAGE_BUCKET as it is, and the emulators’ bucket for them, asking nothing', async () => {
    const { asked, exists } = project([]);
    expect(await defaultBucketName('p', false, { STORAGE_BUCKET: 'elsewhere' }, exists)).toBe(
      'elsewhere',
    );
    expect(await defaultBucketName('demo-p', true, {}, exists)).toBe('demo-p.appspot.com');
    expect(asked).toEqual([]);
  });
});

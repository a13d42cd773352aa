import { describe, expect, it } from 'vitest';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { startProductCloud, useCloud } from '../helpers/product-cloud.ts';
import { DAY_MS, run } from './maintenance-fixtures.ts';

let cloud: TestCloud;
useCloud(startProductCloud, (started) => {
  cloud = started;
  process.env.FIREBASE_STORAGE_EMULATOR_HOST = started.cloud.storageServer.hostAndPort;
});

const BYTES = Buffer.from('x');

async function names(): Promise<string[]> {
  const [files] = await cloud.bucket.getFiles();
  return files.map((file) => file.name).sort();
}

describe('storage objects', () => {
  it('deletes stale uploads, expired exports and images of users and devices that are gone', async () => {
    const created = Date.now();
    await cloud.firestore.doc('users/alice').set({ displayName: 'Alice' });
    await cloud.firestore.doc('devices/d1').set({ name: 'kept' });
    await cloud.upload('uploads/users/alice/avatar/a.jpg', BYTES, 'image/jpeg');
    await cloud.upload('exports/users/alice/old.json', BYTES, 'application/json', {
      expireAt: new Date(created + 1000).toISOString(),
    });
    await cloud.upload('exports/users/alice/new.json', BYTES, 'application/json', {
      expireAt: new Date(created + 7 * DAY_MS).toISOString(),
    });
    await cloud.upload('images/users/alice/avatar/128.webp', BYTES, 'image/webp');
    await cloud.upload('images/users/ghost/avatar/128.webp', BYTES, 'image/webp');
    await cloud.upload('images/devices/d1/photos/p/320.webp', BYTES, 'image/webp');
    await cloud.upload('images/devices/gone/photos/p/320.webp', BYTES, 'image/webp');
    await cloud.upload('images/devices/gone/photos/p/1280.webp', BYTES, 'image/webp');
    await cloud.idle();

    // A day later the upload is not stale yet; two days later it is.
    const first = await run({
      now: new Date(created + DAY_MS - 60_000),
      tasks: ['storageObjects'],
      pageSize: 2,
    });
    expect(first.tasks.storageObjects).toEqual({ deleted: 4, fixed: 0, backlog: false });
    const second = await run({ now: new Date(created + 2 * DAY_MS), tasks: ['storageObjects'] });
    expect(second.tasks.storageObjects).toEqual({ deleted: 1, fixed: 0, backlog: false });
    expect(await names()).toEqual([
      'exports/users/alice/new.json',
      'images/devices/d1/photos/p/320.webp',
      'images/users/alice/avatar/128.webp',
    ]);
  });
});

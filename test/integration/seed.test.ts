// The seed behind `npm start` and `npm run seed`: loaded into a backend that already has state, it
// adds only what is absent, and its demo push token makes the watchdog's offline push visible.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  startProductCloud,
  TEST_CLAIM_CODE_SECRET,
  sharedCloud,
} from '../helpers/product-cloud.ts';
import { readSeed } from '../../scripts/seed/seed-files.ts';
import { seedBackend } from '../../scripts/seed/seed-backend.ts';
import { PUSH_ENV } from './push-fixtures.ts';

const SEED = readSeed(fileURLToPath(new URL('../../emulator-data/seed', import.meta.url)));
const DEMO_USER = 'demo-user';
const DEMO_TOKEN = 'demo-push-token-not-a-real-phone';

const cloud = sharedCloud(() => startProductCloud({ functionsEnv: PUSH_ENV }));

async function seed() {
  const report = await seedBackend(cloud, SEED, { claimCodeSecret: TEST_CLAIM_CODE_SECRET });
  await cloud.idle();
  return report;
}

describe('seeding a backend that already has state', () => {
  it('keeps a claimed demo gadget claimed, and its device, and adds nothing twice', async () => {
    expect(await seed()).toEqual({
      users: 1,
      pushTokens: 1,
      registryEntries: 6,
      devices: 1,
      readings: 288,
      kept: 0,
    });
    const { deviceId } = await cloud.call<{ deviceId: string }>(
      'claimDevice',
      { serial: 'GDG-DEMO-0001', claimCode: 'DEMO-0001-AA', name: 'Hall' },
      { uid: DEMO_USER },
    );
    const registryBefore = await cloud.firestore.doc('deviceRegistry/GDG-DEMO-0001').get();
    const deviceBefore = await cloud.firestore.doc(`devices/${deviceId}`).get();

    expect(await seed()).toEqual({
      users: 0,
      pushTokens: 0,
      registryEntries: 0,
      devices: 0,
      readings: 0,
      kept: 8,
    });
    const registryAfter = await cloud.firestore.doc('deviceRegistry/GDG-DEMO-0001').get();
    expect(registryAfter.get('claimedBy')).toBe(DEMO_USER);
    expect(registryAfter.get('deviceId')).toBe(deviceId);
    expect(registryAfter.updateTime).toEqual(registryBefore.updateTime);
    const deviceAfter = await cloud.firestore.doc(`devices/${deviceId}`).get();
    expect(deviceAfter.get('ownerUid')).toBe(DEMO_USER);
    expect(deviceAfter.updateTime).toEqual(deviceBefore.updateTime);
  });

  it('leaves a released seeded gadget released rather than bring its device back', async () => {
    await seed();
    await cloud.call('releaseDevice', { deviceId: 'demo-air-0101' }, { uid: DEMO_USER });
    await cloud.idle();
    expect((await cloud.firestore.doc('devices/demo-air-0101').get()).exists).toBe(false);

    expect(await seed()).toMatchObject({ registryEntries: 0, devices: 0, readings: 0 });
    expect((await cloud.firestore.doc('devices/demo-air-0101').get()).exists).toBe(false);
    expect(
      (await cloud.firestore.doc('deviceRegistry/GDG-DEMO-0101').get()).get('claimedBy'),
    ).toBeNull();
  });
});

describe('the seeded demo push token', () => {
  it('receives the offline push of the first watchdog run, the seeded gadget having gone quiet', async () => {
    await seed();
    expect(cloud.outbox.messages).toHaveLength(0);
    await cloud.runSchedule('deviceWatchdog');
    await cloud.idle();
    const delivered = cloud.outbox.delivered();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      token: DEMO_TOKEN,
      data: { kind: 'offline', deviceId: 'demo-air-0101' },
    });
  });
});

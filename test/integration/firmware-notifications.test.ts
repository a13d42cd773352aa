// onOtaWritten: an update waiting for approval, failed or rolled back reaches the device's owner
// and admins (inbox and push, their language, quiet hours), never its viewers; a success is
// written to the inbox only. A redelivered event pushes once per token; a late event for an update
// already moved on tells nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import type { OtaDoc, OtaState } from '@gadget/shared';
import { otaWith } from '../../functions/src/test-fixtures/ota.ts';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { inbox, PUSH_ENV, pushed, seedDevice, seedProfile, seedTokens } from './push-fixtures.ts';

const cloud = sharedCloud(() => startProductCloud({ functionsEnv: PUSH_ENV }));

const update = () => cloud.firestore.doc('devices/dev1/ota/current');

function ota(state: OtaState, fields: Partial<OtaDoc> = {}): OtaDoc {
  return otaWith({ state, updatedAt: new Date(), ...fields });
}

const pushedTo = () =>
  pushed(cloud)
    .map((message) => message.token.split('-token-')[0])
    .sort();

beforeEach(async () => {
  await seedProfile(cloud, 'owner');
  await seedProfile(cloud, 'admin', { locale: 'de' });
  await seedProfile(cloud, 'viewer');
  for (const uid of ['owner', 'admin', 'viewer']) await seedTokens(cloud, uid, 1);
  await seedDevice(cloud, 'dev1', ['owner', 'viewer', 'admin'], { name: 'Garage' });
  // A role change is no news of its own.
  await cloud.firestore.doc('devices/dev1').update({ 'members.admin': 'admin' });
  await cloud.idle();
});

describe('onOtaWritten', () => {
  it('asks the owner and admins to approve, each in their language; viewers hear nothing', async () => {
    await update().set(ota('awaiting-approval'));
    await cloud.idle();
    expect(pushedTo()).toEqual(['admin', 'owner']);
    expect(pushed(cloud).every((message) => message.data?.kind === 'firmware')).toBe(true);
    expect((await inbox(cloud, 'owner'))['firmware-dev1-r1-waiting']).toMatchObject({
      title: 'Update ready for Garage',
      body: 'Firmware 1.4.0 is waiting for your approval.',
    });
    expect((await inbox(cloud, 'admin'))['firmware-dev1-r1-waiting']).toMatchObject({
      body: 'Firmware 1.4.0 wartet auf deine Zustimmung.',
    });
    expect(await inbox(cloud, 'viewer')).toEqual({});
  });

  it('tells a rollback, and a failure, once; progress and repeats tell nothing more', async () => {
    await update().set(ota('downloading', { progress: 10 }));
    await update().update({ progress: 70 });
    await cloud.idle();
    expect(pushed(cloud)).toEqual([]);
    await update().update({
      state: 'rolled-back',
      error: 'boot-failed',
      failedVersions: ['1.4.0'],
    });
    await cloud.idle();
    await update().update({ updatedAt: new Date() });
    await cloud.idle();
    expect(pushedTo()).toEqual(['admin', 'owner']);
    expect((await inbox(cloud, 'owner'))['firmware-dev1-r1-rolled-back']).toMatchObject({
      title: 'Update undone on Garage',
    });
  });

  it('a success goes to the inbox only', async () => {
    await update().set(ota('installing'));
    await update().update({ state: 'succeeded', progress: 100 });
    await cloud.idle();
    expect(pushed(cloud)).toEqual([]);
    expect((await inbox(cloud, 'owner'))['firmware-dev1-r1-installed']).toMatchObject({
      title: 'Garage is up to date',
      push: { status: 'skipped', skipped: 'inbox-only' },
    });
  });

  it('quiet hours keep the push, not the inbox entry', async () => {
    await seedProfile(cloud, 'owner', {
      quietHours: { start: '00:00', end: '23:59' },
      timeZone: 'UTC',
    });
    await update().set(ota('failed', { error: 'sha256-mismatch' }));
    await cloud.idle();
    expect(pushedTo()).toEqual(['admin']);
    expect((await inbox(cloud, 'owner'))['firmware-dev1-r1-failed']).toMatchObject({
      push: { status: 'skipped', skipped: 'quiet-hours' },
    });
  });

  it('delivered twice, pushes once per token', async () => {
    cloud.cloud.configureDelivery({ deliverTwice: true });
    await update().set(ota('failed', { error: 'sha256-mismatch' }));
    await cloud.idle();
    cloud.cloud.configureDelivery({ deliverTwice: false });
    expect(pushedTo()).toEqual(['admin', 'owner']);
  });

  it('a late approval request, after the household approved, tells no one', async () => {
    cloud.cloud.configureDelivery({ delayMs: 300 });
    await update().set(ota('awaiting-approval'));
    await update().update({ state: 'offered', approvedBy: 'owner' });
    await cloud.idle();
    cloud.cloud.configureDelivery({ delayMs: 0 });
    expect(pushed(cloud)).toEqual([]);
    expect(await inbox(cloud, 'owner')).toEqual({});
  });
});

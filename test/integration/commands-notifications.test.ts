// onCommandWritten: a command that fails, is rejected, times out or expires tells the member who
// sent it — once, in their language — and no one else; nothing for successes, nor for a sender who
// is no longer a member. Commands are written straight to Firestore, as the command service would.
import { describe, expect, it } from 'vitest';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import {
  inbox,
  PUSH_ENV,
  pushed,
  seedDevice,
  seedProfile,
  seedTokens,
  tokenHash,
} from './push-fixtures.ts';

const cloud = sharedCloud(() => startProductCloud({ functionsEnv: PUSH_ENV }));

const ENTRY_ID = 'command-failed-dev1-cmd1';
const command = (id = 'cmd1') => cloud.firestore.doc(`devices/dev1/commands/${id}`);

/** Writes a queued command sent by `createdBy`, as `sendCommand` would. */
async function queue(
  createdBy: string,
  options: { id?: string; name?: string } = {},
): Promise<void> {
  const now = Date.now();
  await command(options.id).set({
    command: options.name ?? 'reboot',
    params: {},
    status: 'queued',
    createdBy,
    createdAt: new Date(now),
    expiresAt: new Date(now + 60_000),
    sentAt: null,
    finishedAt: null,
    result: null,
    idempotencyKey: null,
    expireAt: new Date(now + 60_000 + 30 * 24 * 60 * 60_000),
  });
}

async function finish(status: string, id?: string): Promise<void> {
  await command(id).update({ status, finishedAt: new Date() });
}

function commandPushes() {
  return pushed(cloud).filter((m) => m.data?.kind === 'command-failed');
}

/** Each person's inbox entries about commands. */
async function commandEntries(uid: string): Promise<Record<string, Record<string, unknown>>> {
  const entries = Object.entries(await inbox(cloud, uid));
  return Object.fromEntries(entries.filter(([, entry]) => entry.kind === 'command-failed'));
}

/** Alice (German) and Bob share the device Garage; each has a phone. */
async function household(): Promise<void> {
  await seedProfile(cloud, 'owner');
  await seedProfile(cloud, 'alice', { locale: 'de-DE' });
  await seedProfile(cloud, 'bob');
  await Promise.all(['owner', 'alice', 'bob'].map((uid) => seedTokens(cloud, uid, 1)));
  await seedDevice(cloud, 'dev1', ['owner', 'alice', 'bob'], { name: 'Garage' });
  await cloud.idle();
}

describe('onCommandWritten', () => {
  it('tells the sender alone, once, in their language; the other members hear nothing', async () => {
    await household();
    await queue('alice');
    await cloud.idle();
    await command().update({ status: 'sent', sentAt: new Date() });
    await cloud.idle();
    expect(commandPushes()).toEqual([]);
    await finish('timed-out');
    await cloud.idle();

    const [message, ...others] = commandPushes();
    expect(others).toEqual([]);
    expect(message).toMatchObject({
      token: 'alice-token-0',
      notification: {
        title: 'Neustart bei Garage: keine Bestätigung',
        body: 'Garage hat den Befehl „Neustart“ nicht rechtzeitig bestätigt.',
      },
      data: { kind: 'command-failed', notificationId: ENTRY_ID, deviceId: 'dev1', locale: 'de' },
      android: { notification: { channelId: 'gadget-command-failed' } },
    });
    const entries = await commandEntries('alice');
    expect(Object.keys(entries)).toEqual([ENTRY_ID]);
    expect(entries[ENTRY_ID]).toMatchObject({
      kind: 'command-failed',
      title: 'Neustart bei Garage: keine Bestätigung',
      deviceId: 'dev1',
      link: 'gadget://devices/dev1',
      push: { status: 'sent', sentTokens: [tokenHash('alice-token-0')] },
    });
    expect(await commandEntries('owner')).toEqual({});
    expect(await commandEntries('bob')).toEqual({});

    // A later write to the finished command (a late result) is no news.
    await command().update({ result: { code: 7 } });
    await cloud.idle();
    expect(commandPushes()).toHaveLength(1);
  });

  it('in English for a sender without another language, for each unsuccessful ending', async () => {
    await household();
    for (const status of ['failed', 'rejected', 'expired']) {
      await queue('bob', { id: status, name: 'calibrate' });
      await finish(status, status);
    }
    await cloud.idle();
    const titles = Object.entries(await commandEntries('bob')).map(([id, e]) => [id, e.title]);
    expect(titles.sort()).toEqual([
      ['command-failed-dev1-expired', 'Calibrate expired before reaching Garage'],
      ['command-failed-dev1-failed', 'Calibrate failed on Garage'],
      ['command-failed-dev1-rejected', 'Calibrate rejected by Garage'],
    ]);
    expect(commandPushes().map((m) => m.token)).toEqual(Array(3).fill('bob-token-0'));
  });

  it('delivered twice, the failure writes one entry and pushes once', async () => {
    await household();
    cloud.cloud.configureDelivery({ deliverTwice: true });
    await queue('alice');
    await finish('failed');
    await cloud.idle();
    // Two writes, each delivered twice.
    expect(
      cloud.cloud.deliveries.filter((d) => d.functionName === 'onCommandWritten'),
    ).toHaveLength(4);
    expect(commandPushes().map((m) => m.token)).toEqual(['alice-token-0']);
    expect(Object.keys(await commandEntries('alice'))).toEqual([ENTRY_ID]);
  });

  it('out of order (reversed), the failure is told once', async () => {
    await household();
    cloud.cloud.configureDelivery({ reverseOrder: true });
    await queue('alice');
    await command().update({ status: 'sent', sentAt: new Date() });
    await finish('rejected');
    await cloud.idle();
    expect(commandPushes().map((m) => m.token)).toEqual(['alice-token-0']);
    expect(Object.keys(await commandEntries('alice'))).toEqual([ENTRY_ID]);
  });

  it('succeeded and cancelled tell no one', async () => {
    await household();
    await queue('alice');
    await finish('succeeded');
    await cloud.idle();
    await queue('alice', { id: 'cmd2' });
    await finish('cancelled', 'cmd2');
    await cloud.idle();
    expect(commandPushes()).toEqual([]);
    for (const uid of ['owner', 'alice', 'bob']) expect(await commandEntries(uid)).toEqual({});
  });

  it('a sender removed from the device, or a device that is gone, hears nothing', async () => {
    await household();
    await queue('alice');
    await cloud.idle();
    const { FieldValue } = await import('firebase-admin/firestore');
    await cloud.firestore.doc('devices/dev1').update({
      'members.alice': FieldValue.delete(),
      'memberSince.alice': FieldValue.delete(),
      memberUids: ['owner', 'bob'],
    });
    await cloud.idle();
    await finish('failed');
    await cloud.idle();

    await queue('bob', { id: 'cmd2' });
    await cloud.idle();
    await cloud.firestore.doc('devices/dev1').delete();
    await finish('expired', 'cmd2');
    await cloud.idle();

    expect(commandPushes()).toEqual([]);
    for (const uid of ['owner', 'alice', 'bob']) expect(await commandEntries(uid)).toEqual({});
  });

  it('a muted device or deviceStatus off: inbox only, with the reason', async () => {
    await seedProfile(cloud, 'owner', { prefs: { deviceStatus: false } });
    await seedTokens(cloud, 'owner', 1);
    await seedDevice(cloud, 'dev1', ['owner']);
    await queue('owner');
    await finish('failed');
    await cloud.idle();
    expect((await commandEntries('owner'))[ENTRY_ID]?.push).toMatchObject({
      status: 'skipped',
      skipped: 'prefs-off',
    });

    await seedProfile(cloud, 'owner');
    await cloud.firestore.doc('devices/dev1').update({ muted: true });
    await queue('owner', { id: 'cmd2' });
    await finish('expired', 'cmd2');
    await cloud.idle();
    expect((await commandEntries('owner'))['command-failed-dev1-cmd2']).toMatchObject({
      title: 'Restart expired before reaching Cellar',
      push: { status: 'skipped', skipped: 'muted' },
    });
    expect(commandPushes()).toEqual([]);
  });
});

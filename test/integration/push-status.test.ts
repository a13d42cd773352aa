// onDeviceWritten: offline, back online, members joining and leaving — one notification
// per transition, none for writes that change no state, and a flapping gadget throttled.
import { describe, expect, it } from 'vitest';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import {
  inbox,
  memberKey,
  PUSH_ENV,
  pushed,
  seedDevice,
  seedProfile,
  seedTokens,
} from './push-fixtures.ts';

const cloud = sharedCloud(() => startProductCloud({ functionsEnv: PUSH_ENV }));

const device = () => cloud.firestore.doc('devices/dev1');

async function transition(kind: 'online' | 'offline', seq: number): Promise<void> {
  await device().update({
    'status.online': kind === 'online',
    lastTransition: { kind, at: new Date(), seq },
  });
}

function pushedKinds(): string[] {
  return pushed(cloud).map((m) => m.data?.kind ?? '');
}

async function household(): Promise<void> {
  await seedProfile(cloud, 'owner');
  await seedProfile(cloud, 'viewer', { locale: 'de' });
  await seedTokens(cloud, 'owner', 1);
  await seedTokens(cloud, 'viewer', 1);
  await seedDevice(cloud, 'dev1', ['owner', 'viewer'], { name: 'Garage' });
  await cloud.idle();
}

describe('onDeviceWritten', () => {
  it('tells offline to every member, once, and nothing for writes that change no state', async () => {
    await household();
    await transition('offline', 1);
    await cloud.idle();
    expect(pushedKinds()).toEqual(['offline', 'offline']);
    const entry = (await inbox(cloud, 'viewer'))['offline-dev1-1'];
    expect(entry).toMatchObject({ kind: 'offline', title: 'Garage ist offline', deviceId: 'dev1' });
    // Writes that change no state say nothing.
    await device().update({ name: 'Garage', 'status.battery': 70 });
    await cloud.idle();
    expect(pushedKinds()).toHaveLength(2);
  });

  it('delivered twice, a transition pushes once per token', async () => {
    await household();
    cloud.cloud.configureDelivery({ deliverTwice: true });
    await transition('offline', 1);
    await cloud.idle();
    expect(cloud.outbox.messages).toHaveLength(2);
  });

  it('out of order, a superseded transition is not told', async () => {
    await household();
    cloud.cloud.configureDelivery({ reverseOrder: true });
    await transition('offline', 1);
    await transition('online', 2);
    await cloud.idle();
    // Delivered newest first: "online" is told; the older "offline" is superseded by then.
    expect(pushedKinds()).toEqual(['online', 'online']);
    expect(Object.keys(await inbox(cloud, 'owner'))).toEqual(['online-dev1-2']);
  });

  it('10 flaps in a minute push once; the rest land in the inbox as throttled', async () => {
    await household();
    for (let seq = 1; seq <= 10; seq++) {
      await transition(seq % 2 === 1 ? 'offline' : 'online', seq);
      await cloud.idle();
    }
    expect(pushedKinds()).toEqual(['offline', 'offline']);
    const entries = Object.values(await inbox(cloud, 'owner'));
    expect(entries).toHaveLength(10);
    expect(
      entries.filter((e) => (e.push as { skipped: string | null }).skipped === 'throttled'),
    ).toHaveLength(9);
  });

  it('tells the other members who joined and who left, with deviceStatus off not mattering', async () => {
    await household();
    await seedProfile(cloud, 'carol', { displayName: 'Carol', prefs: { deviceStatus: false } });
    await seedTokens(cloud, 'carol', 1);
    await device().update({
      'members.carol': 'viewer',
      memberUids: ['owner', 'viewer', 'carol'],
      'memberSince.carol': new Date(1000),
    });
    await cloud.idle();
    expect(
      cloud.outbox
        .delivered()
        .map((m) => m.token)
        .sort(),
    ).toEqual(['owner-token-0', 'viewer-token-0']);
    expect(
      (await inbox(cloud, 'viewer'))[`member-joined-dev1-${memberKey('carol')}-1000`],
    ).toMatchObject({
      body: 'Carol teilt jetzt Garage.',
    });
    expect(await inbox(cloud, 'carol')).toEqual({});

    const { FieldValue } = await import('firebase-admin/firestore');
    await device().update({
      'members.viewer': FieldValue.delete(),
      memberUids: ['owner', 'carol'],
    });
    await cloud.idle();
    const left = cloud.outbox
      .delivered()
      .filter((m) => (m.data as { kind: string }).kind === 'member-left');
    expect(left.map((m) => m.token).sort()).toEqual(['carol-token-0', 'owner-token-0']);

    // A member removed because their account is being deleted leaves no trace in others' inboxes.
    await cloud.firestore.doc('accountDeletions/carol').set({ startedAt: new Date() });
    await device().update({ 'members.carol': FieldValue.delete(), memberUids: ['owner'] });
    await cloud.idle();
    expect(
      Object.keys(await inbox(cloud, 'owner')).filter((id) => id.includes(memberKey('carol'))),
    ).toEqual([`member-joined-dev1-${memberKey('carol')}-1000`]);
  });

  it('sharing prefs off: the member-joined notice is inbox only', async () => {
    await seedProfile(cloud, 'owner', { prefs: { sharing: false } });
    await seedProfile(cloud, 'dave');
    await seedTokens(cloud, 'owner', 1);
    await seedDevice(cloud, 'dev1', ['owner']);
    await cloud.idle();
    await device().update({
      'members.dave': 'viewer',
      memberUids: ['owner', 'dave'],
      'memberSince.dave': new Date(5),
    });
    await cloud.idle();
    expect(cloud.outbox.messages).toHaveLength(0);
    expect(
      (await inbox(cloud, 'owner'))[`member-joined-dev1-${memberKey('dave')}-5`],
    ).toMatchObject({
      push: { status: 'skipped', skipped: 'prefs-off' },
      body: 'Someone now shares Cellar.',
    });
  });
});

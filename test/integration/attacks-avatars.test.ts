// Finding 13: avatars are for the user and the people who share a device with them. The apps fetch
// them through the Storage API with their own ID token (the client SDK, judged by storage.rules on
// local-cloud); who shares a device comes from the co-member records the membership flows keep
// (and nightly maintenance adds for devices shared before them).
import { describe, expect, it } from 'vitest';
import { getBytes, getDownloadURL, ref } from 'firebase/storage';
import { FieldPath, FieldValue } from 'firebase-admin/firestore';
import { docPaths, storagePrefixes } from '@gadget/shared';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { appUser } from '../helpers/app-client.ts';
import type { AppUser } from '../helpers/app-client.ts';
import { addMember, claimedDevice } from '../helpers/devices.ts';
import { writesDuring } from '../helpers/writes.ts';
import { run } from './maintenance-fixtures.ts';
import { PNG_BYTES } from '../rules/rules-env.ts';

const cloud = sharedCloud(() => startProductCloud());

/** The pipeline's output for `uid`, written as the pipeline does (Admin SDK, past the rules). */
async function avatarOf(uid: string): Promise<string> {
  const path = `${storagePrefixes.userImages(uid)}avatar/128.webp`;
  await cloud.bucket.file(path).save(Buffer.from(PNG_BYTES), { contentType: 'image/webp' });
  return path;
}

function download(user: AppUser, path: string): Promise<ArrayBuffer> {
  return getBytes(ref(user.storage, path));
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('expected the download to be refused');
}

/** 50 downloads at once by `user`, each refused as unauthorized; no write anywhere meanwhile. */
async function expectRefused(user: AppUser, path: string): Promise<void> {
  // Triggers of the membership change that came before are not part of the attack.
  await cloud.idle();
  const [before] = await cloud.bucket.file(path).getMetadata();
  let outcomes: { code: string; message: string }[] = [];
  const writes = await writesDuring(cloud, async () => {
    outcomes = await Promise.all(Array.from({ length: 50 }, () => refusal(download(user, path))));
  });
  expect(new Set(outcomes.map((o) => JSON.stringify(o)))).toEqual(
    new Set([
      JSON.stringify({
        code: 'storage/unauthorized',
        message: `Firebase Storage: User does not have permission to access '${path}'. (storage/unauthorized)`,
      }),
    ]),
  );
  expect(writes).toBe(0);
  const [after] = await cloud.bucket.file(path).getMetadata();
  expect(after).toEqual(before);
}

async function coMemberRecord(uid: string, otherUid: string) {
  return (await cloud.firestore.doc(docPaths.coMember(uid, otherUid)).get()).data();
}

describe('finding 13: avatars only for the user and their co-members', () => {
  it('the user and a member of their device download it; a signed-in stranger cannot', async () => {
    const [alice, bob, stranger] = await Promise.all([
      appUser(cloud),
      appUser(cloud),
      appUser(cloud),
    ]);
    const path = await avatarOf(alice.uid);
    const { deviceId } = await claimedDevice(cloud, alice.uid);
    await addMember(cloud, deviceId, alice.uid, bob.uid, 'viewer');
    expect(await coMemberRecord(alice.uid, bob.uid)).toMatchObject({ deviceIds: [deviceId] });
    expect(await coMemberRecord(bob.uid, alice.uid)).toMatchObject({ deviceIds: [deviceId] });

    expect(new Uint8Array(await download(alice, path))).toEqual(PNG_BYTES);
    expect(new Uint8Array(await download(bob, path))).toEqual(PNG_BYTES);
    await expectRefused(stranger, path);
    expect(await coMemberRecord(alice.uid, stranger.uid)).toBeUndefined();
    await Promise.all([alice.close(), bob.close(), stranger.close()]);
  });

  it('a removed member cannot download it any more', async () => {
    const [alice, bob] = await Promise.all([appUser(cloud), appUser(cloud)]);
    const path = await avatarOf(alice.uid);
    const { deviceId } = await claimedDevice(cloud, alice.uid);
    await addMember(cloud, deviceId, alice.uid, bob.uid, 'viewer');
    expect(new Uint8Array(await download(bob, path))).toEqual(PNG_BYTES);
    // A download URL carries a token no rule checks: the one bob saved must die with his access.
    const saved = await getDownloadURL(ref(bob.storage, path));
    expect((await fetch(saved)).status).toBe(200);

    await cloud.call('removeMember', { deviceId, uid: bob.uid }, { uid: alice.uid });
    expect(await coMemberRecord(alice.uid, bob.uid)).toBeUndefined();
    expect(await coMemberRecord(bob.uid, alice.uid)).toBeUndefined();
    await expectRefused(bob, path);
    expect((await fetch(saved)).status).toBe(403);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('sharing a second device keeps it visible when the first is released, until that one is left too', async () => {
    const [alice, bob] = await Promise.all([appUser(cloud), appUser(cloud)]);
    const path = await avatarOf(alice.uid);
    const first = await claimedDevice(cloud, alice.uid);
    const second = await claimedDevice(cloud, bob.uid);
    await addMember(cloud, first.deviceId, alice.uid, bob.uid, 'admin');
    await addMember(cloud, second.deviceId, bob.uid, alice.uid, 'viewer');
    expect((await coMemberRecord(bob.uid, alice.uid))?.deviceIds).toHaveLength(2);

    await cloud.call('releaseDevice', { deviceId: first.deviceId }, { uid: alice.uid });
    expect(await coMemberRecord(alice.uid, bob.uid)).toMatchObject({
      deviceIds: [second.deviceId],
    });
    expect(new Uint8Array(await download(bob, path))).toEqual(PNG_BYTES);

    await cloud.call('leaveDevice', { deviceId: second.deviceId }, { uid: alice.uid });
    expect(await coMemberRecord(alice.uid, bob.uid)).toBeUndefined();
    await expectRefused(bob, path);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('racing invites onto one device count every pair once each way', async () => {
    const owner = await appUser(cloud);
    const { deviceId } = await claimedDevice(cloud, owner.uid);
    const guests = Array.from({ length: 6 }, (_, i) => `guest-${String(i)}-${deviceId}`);
    await Promise.all(guests.map((uid) => addMember(cloud, deviceId, owner.uid, uid, 'viewer')));
    const everyone = [owner.uid, ...guests];
    for (const uid of everyone) {
      for (const other of everyone.filter((o) => o !== uid)) {
        expect(await coMemberRecord(uid, other), `${uid} with ${other}`).toMatchObject({
          deviceIds: [deviceId],
        });
      }
    }
    await owner.close();
  });

  it('deleting an account removes its co-member records both ways', async () => {
    const [alice, bob, carol] = await Promise.all([appUser(cloud), appUser(cloud), appUser(cloud)]);
    const owned = await claimedDevice(cloud, alice.uid);
    const shared = await claimedDevice(cloud, bob.uid);
    await addMember(cloud, owned.deviceId, alice.uid, carol.uid, 'viewer');
    await addMember(cloud, shared.deviceId, bob.uid, alice.uid, 'viewer');
    await cloud.call('deleteAccount', {}, { uid: alice.uid });
    await cloud.idle();
    for (const other of [bob.uid, carol.uid]) {
      expect(await coMemberRecord(alice.uid, other)).toBeUndefined();
      expect(await coMemberRecord(other, alice.uid)).toBeUndefined();
    }
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  });

  it('nightly coMembers records the pairs of a device shared before the records existed, once', async () => {
    const [alice, bob, carol] = await Promise.all([appUser(cloud), appUser(cloud), appUser(cloud)]);
    const path = await avatarOf(alice.uid);
    // As an earlier deployment left it: members written with the device, no co-member records.
    const { deviceId } = await claimedDevice(cloud, alice.uid);
    const joined = new Date();
    await cloud.firestore
      .doc(docPaths.device(deviceId))
      .update(
        new FieldPath('members', bob.uid),
        'viewer',
        new FieldPath('members', carol.uid),
        'admin',
        new FieldPath('memberSince', bob.uid),
        joined,
        new FieldPath('memberSince', carol.uid),
        joined,
        'memberUids',
        FieldValue.arrayUnion(bob.uid, carol.uid),
      );
    const everyone = [alice.uid, bob.uid, carol.uid];
    const pairs = everyone.flatMap((uid) =>
      everyone.filter((other) => other !== uid).map((other) => [uid, other] as const),
    );
    for (const [uid, other] of pairs) expect(await coMemberRecord(uid, other)).toBeUndefined();
    await expectRefused(bob, path);
    await expectRefused(carol, path);

    const dry = await run({ now: new Date(), tasks: ['coMembers'], dryRun: true });
    expect(dry.tasks.coMembers).toMatchObject({ fixed: pairs.length, backlog: false });
    for (const [uid, other] of pairs) expect(await coMemberRecord(uid, other)).toBeUndefined();
    await expectRefused(bob, path);

    const now = new Date();
    const first = await run({ now, tasks: ['coMembers'] });
    expect(first.tasks.coMembers).toMatchObject({ fixed: pairs.length, backlog: false });
    for (const [uid, other] of pairs) {
      const record = await coMemberRecord(uid, other);
      expect(record, `${uid} with ${other}`).toMatchObject({ deviceIds: [deviceId] });
      expect((record?.since as { toDate(): Date }).toDate()).toEqual(now);
    }
    expect(new Uint8Array(await download(bob, path))).toEqual(PNG_BYTES);
    expect(new Uint8Array(await download(carol, path))).toEqual(PNG_BYTES);

    const again = await run({ now: new Date(), tasks: ['coMembers'] });
    expect(again.tasks.coMembers).toMatchObject({ fixed: 0, backlog: false });
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  });
});

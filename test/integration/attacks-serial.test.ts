// Finding 11: a viewer must not get a gadget's serial (with the label's claim code, what claiming
// takes). The rules grant whole documents, so the serial lives in `devices/{id}/private/identity`,
// which only the owner and admins may read; here a viewer's app, with the official client SDK,
// tries every read the rules could leave open, and devices claimed before the move are migrated.
import {
  collection,
  doc,
  getDoc,
  getDocs,
  onSnapshot,
  query,
  setDoc,
  where,
} from 'firebase/firestore';
import type { DocumentSnapshot, FirestoreError, QuerySnapshot } from 'firebase/firestore';
import { describe, expect, it } from 'vitest';
import {
  AcceptInviteResponseSchema,
  CreateInviteResponseSchema,
  UpdateDeviceResponseSchema,
  docPaths,
} from '@gadget/shared';
import { useAppUsers, watch } from '../helpers/app-client.ts';
import { addMember, claimedDevice, registryDoc } from '../helpers/devices.ts';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { run } from './maintenance-fixtures.ts';

const cloud = sharedCloud(() => startProductCloud());
const { signedIn, stopAfterTest } = useAppUsers(cloud);

const PERMISSION_DENIED = {
  code: 'permission-denied',
  message: expect.stringMatching(/permission/i) as unknown,
};

/** A listener's first error, or its first snapshot when the rules let it through. */
function firstOutcome<S>(
  subscribe: (next: (s: S) => void, error: (e: FirestoreError) => void) => () => void,
): Promise<{ snapshot: S } | { error: FirestoreError }> {
  return new Promise((resolve) => {
    const stop = subscribe(
      (snapshot) => {
        resolve({ snapshot });
      },
      (error) => {
        resolve({ error });
      },
    );
    stopAfterTest(stop);
  });
}

/** Whether the serial appears anywhere in the data a read returned. */
const leaks = (data: unknown, serial: string): boolean => JSON.stringify(data).includes(serial);

describe('finding 11: a viewer cannot read the serial', () => {
  it('by get, query or listener on the device, nor through the identity document', async () => {
    const ann = await signedIn();
    const bob = await signedIn();
    const { deviceId, serial } = await claimedDevice(cloud, ann.uid, { name: 'Cellar' });
    await addMember(cloud, deviceId, ann.uid, bob.uid, 'viewer');
    const identityPath = docPaths.deviceIdentity(deviceId);
    const identityBefore = (await cloud.firestore.doc(identityPath).get()).data();
    expect(identityBefore).toEqual({ serial });

    // The device itself: readable, with everything but the serial.
    const got = await getDoc(doc(bob.db, docPaths.device(deviceId)));
    expect(got.get('name')).toBe('Cellar');
    expect(got.get('serial')).toBeUndefined();
    expect(leaks(got.data(), serial)).toBe(false);

    const listed = await getDocs(
      query(collection(bob.db, 'devices'), where('memberUids', 'array-contains', bob.uid)),
    );
    expect(listed.docs.map((d) => d.id)).toEqual([deviceId]);
    expect(
      leaks(
        listed.docs.map((d) => d.data()),
        serial,
      ),
    ).toBe(false);

    // A listener, across a change the owner makes: no snapshot carries it.
    const live = watch<DocumentSnapshot>((next) =>
      onSnapshot(doc(bob.db, docPaths.device(deviceId)), { includeMetadataChanges: true }, next),
    );
    stopAfterTest(live.stop);
    await live.next((s) => s.exists(), 'the device');
    await cloud.call('updateDevice', { deviceId, name: 'Wine cellar' }, { uid: ann.uid });
    const renamed = await live.next((s) => s.get('name') === 'Wine cellar', 'the rename');
    expect(leaks(renamed.data(), serial)).toBe(false);

    // The identity document: refused by get, listener, list and write.
    await expect(getDoc(doc(bob.db, identityPath))).rejects.toMatchObject(PERMISSION_DENIED);
    const listened = await firstOutcome<DocumentSnapshot>((next, error) =>
      onSnapshot(doc(bob.db, identityPath), next, error),
    );
    expect(listened).toMatchObject({ error: PERMISSION_DENIED });
    const privateDocs = collection(bob.db, `${docPaths.device(deviceId)}/private`);
    await expect(getDocs(privateDocs)).rejects.toMatchObject(PERMISSION_DENIED);
    const listedLive = await firstOutcome<QuerySnapshot>((next, error) =>
      onSnapshot(privateDocs, next, error),
    );
    expect(listedLive).toMatchObject({ error: PERMISSION_DENIED });
    await expect(setDoc(doc(bob.db, identityPath), { serial: 'GDG-FORGED' })).rejects.toMatchObject(
      PERMISSION_DENIED,
    );
    expect((await cloud.firestore.doc(identityPath).get()).data()).toEqual(identityBefore);

    // Nor from the callables: the view a new viewer gets hides it.
    const { code } = CreateInviteResponseSchema.parse(
      await cloud.call('createInvite', { deviceId, role: 'viewer' }, { uid: ann.uid }),
    );
    const carol = await signedIn();
    const joined = AcceptInviteResponseSchema.parse(
      await cloud.call('acceptInvite', { code }, { uid: carol.uid }),
    );
    expect(joined.device.serial).toBeNull();
  });

  it('owners and admins read it; an admin removed, and a stranger, cannot', async () => {
    const ann = await signedIn();
    const dan = await signedIn();
    const eve = await signedIn();
    const { deviceId, serial } = await claimedDevice(cloud, ann.uid);
    await addMember(cloud, deviceId, ann.uid, dan.uid, 'admin');
    const identityPath = docPaths.deviceIdentity(deviceId);

    expect((await getDoc(doc(ann.db, identityPath))).get('serial')).toBe(serial);
    expect((await getDoc(doc(dan.db, identityPath))).get('serial')).toBe(serial);
    await expect(getDoc(doc(eve.db, identityPath))).rejects.toMatchObject(PERMISSION_DENIED);

    await cloud.call('removeMember', { deviceId, uid: dan.uid }, { uid: ann.uid });
    await expect(getDoc(doc(dan.db, identityPath))).rejects.toMatchObject(PERMISSION_DENIED);
    await expect(getDoc(doc(dan.db, docPaths.device(deviceId)))).rejects.toMatchObject(
      PERMISSION_DENIED,
    );
  });

  it('a device claimed without a name is not named after its serial', async () => {
    const ann = await signedIn();
    const bob = await signedIn();
    const { deviceId, serial } = await claimedDevice(cloud, ann.uid);
    await addMember(cloud, deviceId, ann.uid, bob.uid, 'viewer');
    const seen = await getDoc(doc(bob.db, docPaths.device(deviceId)));
    expect(seen.get('name')).toBe('Thermometer');
    expect(leaks(seen.data(), serial)).toBe(false);
  });

  it('release deletes the identity with the device', async () => {
    const { deviceId, serial } = await claimedDevice(cloud, 'alice');
    await cloud.call('releaseDevice', { deviceId }, { uid: 'alice' });
    expect((await cloud.firestore.doc(docPaths.deviceIdentity(deviceId)).get()).exists).toBe(false);
    expect(await registryDoc(cloud, serial)).toMatchObject({ claimedBy: null, deviceId: null });
  });
});

describe('devices claimed before the serial moved', () => {
  /**
   * A device as claiming wrote it before: `serial` on the device, no identity document, and (with
   * no name given) named after its serial.
   */
  async function legacyDevice(owner: string, viewer: string) {
    const { deviceId, serial } = await claimedDevice(cloud, owner);
    await addMember(cloud, deviceId, owner, viewer, 'viewer');
    await cloud.firestore.doc(docPaths.deviceIdentity(deviceId)).delete();
    await cloud.firestore.doc(docPaths.device(deviceId)).update({ serial, name: serial });
    return { deviceId, serial };
  }

  it('still work: the owner sees the serial and a rotated key verifies, from the registry', async () => {
    const { deviceId, serial } = await legacyDevice('alice', 'bob');
    const updated = UpdateDeviceResponseSchema.parse(
      await cloud.call('updateDevice', { deviceId, name: 'Hall' }, { uid: 'alice' }),
    );
    expect(updated.device.serial).toBe(serial);
    await expect(
      cloud.call('rotateDeviceKey', { deviceId }, { uid: 'alice' }),
    ).resolves.toMatchObject({ deviceKey: expect.any(String) as unknown });
    expect((await cloud.firestore.doc(docPaths.deviceKey(deviceId)).get()).get('rotatedBy')).toBe(
      'alice',
    );
  });

  it('nightly deviceSerials moves the serial out of the viewer’s reach, once', async () => {
    const ann = await signedIn();
    const bob = await signedIn();
    const { deviceId, serial } = await legacyDevice(ann.uid, bob.uid);
    expect((await getDoc(doc(bob.db, docPaths.device(deviceId)))).get('serial')).toBe(serial);

    const dry = await run({ now: new Date(), tasks: ['deviceSerials'], dryRun: true });
    expect(dry.tasks.deviceSerials).toMatchObject({ fixed: 1 });
    expect((await cloud.firestore.doc(docPaths.device(deviceId)).get()).get('serial')).toBe(serial);

    const first = await run({ now: new Date(), tasks: ['deviceSerials'] });
    expect(first.tasks.deviceSerials).toMatchObject({ fixed: 1, backlog: false });
    const moved = (await cloud.firestore.doc(docPaths.device(deviceId)).get()).data();
    expect(moved).not.toHaveProperty('serial');
    expect(moved?.name).toBe('Thermometer');
    expect((await cloud.firestore.doc(docPaths.deviceIdentity(deviceId)).get()).data()).toEqual({
      serial,
    });
    const seen = await getDoc(doc(bob.db, docPaths.device(deviceId)));
    expect(seen.exists()).toBe(true);
    expect(leaks(seen.data(), serial)).toBe(false);
    expect((await getDoc(doc(ann.db, docPaths.deviceIdentity(deviceId)))).get('serial')).toBe(
      serial,
    );

    const again = await run({ now: new Date(), tasks: ['deviceSerials'] });
    expect(again.tasks.deviceSerials).toMatchObject({ fixed: 0 });
  });
});

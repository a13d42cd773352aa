// What the companion app sees through the official firebase JS SDK (gRPC Listen and Write, as on
// iOS and Android) while the backend's real flows run: its device list as membership changes, a
// device's latest readings, the inbox after an alert, the avatar manifest during the image
// pipeline, its one allowed write, a transaction, and a document deleted and recreated.
import {
  collection,
  doc,
  getDoc,
  getDocs,
  onSnapshot,
  orderBy,
  query,
  runTransaction,
  serverTimestamp,
  updateDoc,
  where,
} from 'firebase/firestore';
import type { DocumentSnapshot, FirestoreError, QuerySnapshot } from 'firebase/firestore';
import { ref, uploadBytes } from 'firebase/storage';
import { describe, expect, it } from 'vitest';
import { useAppUsers, watch } from '../helpers/app-client.ts';
import type { AppUser } from '../helpers/app-client.ts';
import { addMember, claimedDevice } from '../helpers/devices.ts';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { reading, setThresholds, startTelemetryCloud } from '../helpers/telemetry.ts';
import { rotatedJpegWithGps } from './images-fixtures.ts';

const cloud = sharedCloud(() => startTelemetryCloud());
const { signedIn, stopAfterTest } = useAppUsers(cloud);

function ownDevices(user: AppUser) {
  const w = watch<QuerySnapshot>((next) =>
    onSnapshot(
      query(collection(user.db, 'devices'), where('memberUids', 'array-contains', user.uid)),
      { includeMetadataChanges: true },
      next,
    ),
  );
  stopAfterTest(w.stop);
  return w;
}

function document(user: AppUser, path: string) {
  const w = watch<DocumentSnapshot>((next) =>
    onSnapshot(doc(user.db, path), { includeMetadataChanges: true }, next),
  );
  stopAfterTest(w.stop);
  return w;
}

const changes = (s: QuerySnapshot): string[] => s.docChanges().map((c) => `${c.type}:${c.doc.id}`);

/** A document listener as an app keeps one, with the error that ends it (docs/API.md's example). */
function documentUntilDenied(user: AppUser, path: string) {
  let count = 0;
  let end: (error: FirestoreError) => void = () => undefined;
  const ended = new Promise<FirestoreError>((resolve) => {
    end = resolve;
  });
  const w = watch<DocumentSnapshot>((next) =>
    onSnapshot(
      doc(user.db, path),
      (snapshot) => {
        count += 1;
        next(snapshot);
      },
      (error) => {
        end(error);
      },
    ),
  );
  stopAfterTest(w.stop);
  return { ...w, ended, snapshots: () => count };
}

describe('the app device list', () => {
  it('follows claimDevice, acceptInvite, removeMember and releaseDevice', async () => {
    const ann = await signedIn();
    const bob = await signedIn();
    const annList = ownDevices(ann);
    const bobList = ownDevices(bob);
    await annList.next((s) => s.empty, 'an empty list');
    await bobList.next((s) => s.empty, 'an empty list');

    const { deviceId } = await claimedDevice(cloud, ann.uid, { name: 'Kitchen' });
    const claimed = await annList.next((s) => s.size === 1, 'the claimed device');
    expect(changes(claimed)).toEqual([`added:${deviceId}`]);
    expect(claimed.docs[0]?.get('name')).toBe('Kitchen');

    await addMember(cloud, deviceId, ann.uid, bob.uid, 'viewer');
    const joined = await bobList.next((s) => s.size === 1, 'the shared device');
    expect(changes(joined)).toEqual([`added:${deviceId}`]);
    const annSeesBob = await annList.next(
      (s) => (s.docs[0]?.get('memberUids') as string[] | undefined)?.includes(bob.uid) === true,
      'bob among the members',
    );
    expect(changes(annSeesBob)).toEqual([`modified:${deviceId}`]);

    await cloud.call('removeMember', { deviceId, uid: bob.uid }, { uid: ann.uid });
    expect(changes(await bobList.next((s) => s.empty, 'the device gone'))).toEqual([
      `removed:${deviceId}`,
    ]);

    await cloud.call('releaseDevice', { deviceId }, { uid: ann.uid });
    expect(changes(await annList.next((s) => s.empty, 'the released device gone'))).toEqual([
      `removed:${deviceId}`,
    ]);
  });
});

describe('a device screen when access ends', () => {
  it('a removed or leaving member’s listener ends with permission-denied, hearing no more', async () => {
    const ann = await signedIn();
    const bob = await signedIn();
    const cat = await signedIn();
    const { deviceId } = await claimedDevice(cloud, ann.uid, { name: 'Kitchen' });
    await addMember(cloud, deviceId, ann.uid, bob.uid, 'viewer');
    await addMember(cloud, deviceId, ann.uid, cat.uid, 'viewer');
    const bobs = documentUntilDenied(bob, `devices/${deviceId}`);
    await bobs.next((s) => s.exists(), 'the shared device');
    const cats = documentUntilDenied(cat, `devices/${deviceId}`);
    await cats.next((s) => s.exists(), 'the shared device');
    const anns = document(ann, `devices/${deviceId}`);
    await anns.next((s) => s.exists(), 'the device');

    await cloud.call('removeMember', { deviceId, uid: bob.uid }, { uid: ann.uid });
    expect((await bobs.ended).code).toBe('permission-denied');
    await cloud.call('leaveDevice', { deviceId }, { uid: cat.uid });
    expect((await cats.ended).code).toBe('permission-denied');
    const heard = [bobs.snapshots(), cats.snapshots()];
    await cloud.call('updateDevice', { deviceId, name: 'Hall' }, { uid: ann.uid });
    await anns.next((s) => s.get('name') === 'Hall', 'the renamed device');
    expect([bobs.snapshots(), cats.snapshots()]).toEqual(heard);
  });

  it('on release, every member’s listener ends with permission-denied, the owner’s too', async () => {
    const ann = await signedIn();
    const bob = await signedIn();
    const { deviceId } = await claimedDevice(cloud, ann.uid);
    await addMember(cloud, deviceId, ann.uid, bob.uid, 'admin');
    const bobs = documentUntilDenied(bob, `devices/${deviceId}`);
    await bobs.next((s) => s.exists(), 'the shared device');
    const anns = documentUntilDenied(ann, `devices/${deviceId}`);
    await anns.next((s) => s.exists(), 'the device');

    await cloud.call('releaseDevice', { deviceId }, { uid: ann.uid });
    expect((await bobs.ended).code).toBe('permission-denied');
    // The device is deleted, and the rules read the device itself: no snapshot says it is gone.
    expect((await anns.ended).code).toBe('permission-denied');
    expect((await cloud.firestore.doc(`devices/${deviceId}`).get()).exists).toBe(false);
  });
});

describe('what the rules keep from other users', () => {
  it('refuses a stranger the device, the inbox and the read mark, and changes nothing', async () => {
    const ann = await signedIn();
    const eve = await signedIn();
    const { deviceId } = await claimedDevice(cloud, ann.uid);
    const notice = `users/${ann.uid}/notifications/n1`;
    await cloud.firestore.doc(notice).set({ title: 'Hi', createdAt: new Date(), readAt: null });

    await expect(getDoc(doc(eve.db, `devices/${deviceId}`))).rejects.toMatchObject({
      code: 'permission-denied',
    });
    // Listing every device, unfiltered, is refused whole: rules are not filters.
    await expect(getDocs(collection(eve.db, 'devices'))).rejects.toMatchObject({
      code: 'permission-denied',
    });
    const inboxError = await new Promise<{ code: string }>((resolve) => {
      onSnapshot(collection(eve.db, `users/${ann.uid}/notifications`), () => undefined, resolve);
    });
    expect(inboxError.code).toBe('permission-denied');
    await expect(
      updateDoc(doc(eve.db, notice), { readAt: serverTimestamp() }),
    ).rejects.toMatchObject({ code: 'permission-denied' });
    // Ann herself may mark it read, but not change anything else.
    await expect(updateDoc(doc(ann.db, notice), { title: 'Changed' })).rejects.toMatchObject({
      code: 'permission-denied',
    });
    expect((await cloud.firestore.doc(notice).get()).data()).toMatchObject({
      title: 'Hi',
      readAt: null,
    });
  });
});

describe('a device screen', () => {
  it('shows the latest reading after submitReadings', async () => {
    const ann = await signedIn();
    const { deviceId } = await claimedDevice(cloud, ann.uid);
    const device = document(ann, `devices/${deviceId}`);
    await device.next((s) => s.exists(), 'the device');
    await cloud.call(
      'submitReadings',
      {
        deviceId,
        readings: [
          reading('r1', 2, { temperature: 20.5 }),
          reading('r2', 1, { temperature: 21.25 }),
        ],
      },
      { uid: ann.uid },
    );
    const latest = await device.next(
      (s) => s.get('latest.values.temperature') === 21.25,
      'the latest temperature',
    );
    expect(latest.get('status.online')).toBe(true);
  });
});

describe('the inbox', () => {
  it('receives an alert, is marked read as a pending write, then confirmed by the server', async () => {
    const ann = await signedIn();
    const { deviceId } = await claimedDevice(cloud, ann.uid);
    await setThresholds(
      cloud,
      { deviceId, serial: '', ownerUid: ann.uid },
      {
        temperature: { max: 30 },
      },
    );
    const inbox = watch<QuerySnapshot>((next) =>
      onSnapshot(
        query(collection(ann.db, `users/${ann.uid}/notifications`), orderBy('createdAt', 'desc')),
        { includeMetadataChanges: true },
        next,
      ),
    );
    stopAfterTest(inbox.stop);
    await inbox.next(() => true, 'the first inbox snapshot');
    await cloud.call(
      'submitReadings',
      { deviceId, readings: [reading('hot', 1, { temperature: 35 })] },
      { uid: ann.uid },
    );
    await cloud.idle();
    const arrived = await inbox.next((s) => s.size === 1, 'the alert notice');
    const entry = arrived.docs[0];
    expect(entry?.get('deviceId')).toBe(deviceId);
    expect(entry?.get('readAt') ?? null).toBeNull();

    const notice = document(ann, `users/${ann.uid}/notifications/${entry?.id ?? ''}`);
    await notice.next((s) => s.exists(), 'the notice');
    const write = updateDoc(doc(ann.db, `users/${ann.uid}/notifications/${entry?.id ?? ''}`), {
      readAt: serverTimestamp(),
    });
    const pending = await new Promise<DocumentSnapshot>((resolve) => {
      const stop = onSnapshot(
        doc(ann.db, `users/${ann.uid}/notifications/${entry?.id ?? ''}`),
        { includeMetadataChanges: true },
        (s) => {
          if (s.metadata.hasPendingWrites) {
            stop();
            resolve(s);
          }
        },
      );
    });
    expect(pending.metadata.hasPendingWrites).toBe(true);
    await write;
    const confirmed = await notice.next(
      (s) => !s.metadata.hasPendingWrites && s.get('readAt') !== null,
      'the confirmed read mark',
    );
    const stored = await cloud.firestore.doc(confirmed.ref.path).get();
    expect(stored.get('readAt')).toBeDefined();
    expect(stored.get('readAt')).not.toBeNull();
  });

  it('marks an entry read in a transaction that reads it first', async () => {
    const ann = await signedIn();
    const path = `users/${ann.uid}/notifications/n1`;
    await cloud.firestore.doc(path).set({ title: 'Hi', createdAt: new Date(), readAt: null });
    const marked = await runTransaction(ann.db, async (t) => {
      const entry = await t.get(doc(ann.db, path));
      if (entry.get('readAt') !== null) return false;
      t.update(doc(ann.db, path), { readAt: serverTimestamp() });
      return true;
    });
    expect(marked).toBe(true);
    expect((await cloud.firestore.doc(path).get()).get('readAt')).not.toBeNull();
  });
});

describe('the profile', () => {
  it('shows the avatar manifest as the image pipeline writes it', async () => {
    const ann = await signedIn();
    const profile = document(ann, `users/${ann.uid}`);
    await profile.next((s) => s.exists(), 'the profile');
    await uploadBytes(
      ref(ann.storage, `uploads/users/${ann.uid}/avatar/me.jpg`),
      await rotatedJpegWithGps(600, 400),
      { contentType: 'image/jpeg' },
    );
    const ready = await profile.next(
      (s) => s.get('avatar.status') === 'ready',
      'a ready avatar manifest',
    );
    const variants = ready.get('avatar.variants') as { size: number; path: string }[];
    expect(variants.map((v) => v.size)).toEqual([128, 512]);
    expect(variants[0]?.path).toBe(`images/users/${ann.uid}/avatar/128.webp`);
  });

  it('follows a profile deleted and recreated by ensureProfile', async () => {
    const ann = await signedIn();
    const profile = document(ann, `users/${ann.uid}`);
    await profile.next((s) => s.exists(), 'the profile');
    await cloud.firestore.doc(`users/${ann.uid}`).delete();
    await profile.next((s) => !s.exists(), 'the profile gone');
    await cloud.call('ensureProfile', { locale: 'de-DE' }, { uid: ann.uid });
    const back = await profile.next((s) => s.exists(), 'the profile back');
    expect(back.get('locale')).toBe('de-DE');
  });
});

import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import firebaseCompat from 'firebase/compat/app';
import 'firebase/compat/firestore';
import { beforeEach, describe, expect, it } from 'vitest';
import { COLLECTIONS, docPaths } from '@gadget/shared';
import { ALICE, BOB, CAROL, DEV1, DEV2, ERIN, removeMember, resetFirestore } from './rules-env.ts';

// The compat typings are CommonJS, so TypeScript sees this default import as the whole module; at
// run time the ESM build's default export is the firebase namespace itself.
const firebase = firebaseCompat as unknown as typeof firebaseCompat.default;
const serverTimestamp = () => firebase.firestore.FieldValue.serverTimestamp();

/** The Firestore rules cases; `env` is ready by the time they run. */
export function firestoreRulesCases(env: () => RulesTestEnvironment): void {
  const as = (uid: string) => env().authenticatedContext(uid).firestore();
  const signedOut = () => env().unauthenticatedContext().firestore();

  beforeEach(async () => {
    await resetFirestore(env());
  });

  describe('signed out', () => {
    it.each([
      docPaths.user(ALICE),
      docPaths.device(DEV1),
      docPaths.deviceIdentity(DEV1),
      docPaths.hour(DEV1, '2025-01-01T00'),
      `${COLLECTIONS.models}/thermo-1`,
      `${COLLECTIONS.schedules}/alice-schedule`,
    ])('cannot read %s', async (path) => {
      await assertFails(signedOut().doc(path).get());
    });

    it('cannot mark a notification read', async () => {
      await assertFails(
        signedOut()
          .doc(docPaths.notification(ALICE, 'unread'))
          .update({ readAt: serverTimestamp() }),
      );
    });
  });

  describe('users', () => {
    it('read their own profile, push tokens and inbox', async () => {
      const db = as(ALICE);
      const profile = await assertSucceeds(db.doc(docPaths.user(ALICE)).get());
      expect(profile.get('displayName')).toBe('Alice');
      const tokens = await assertSucceeds(
        db.collection(`${docPaths.user(ALICE)}/${COLLECTIONS.pushTokens}`).get(),
      );
      expect(tokens.size).toBe(1);
      const inbox = await assertSucceeds(
        db.collection(`${docPaths.user(ALICE)}/${COLLECTIONS.notifications}`).get(),
      );
      expect(inbox.size).toBe(2);
    });

    it.each([
      docPaths.user(ALICE),
      docPaths.pushToken(ALICE, 'token-hash-1'),
      docPaths.notification(ALICE, 'unread'),
    ])('cannot read another user’s %s', async (path) => {
      await assertFails(as(BOB).doc(path).get());
    });

    it('cannot list another user’s inbox', async () => {
      await assertFails(
        as(BOB)
          .collection(`${docPaths.user(ALICE)}/${COLLECTIONS.notifications}`)
          .get(),
      );
    });

    it('cannot list the users collection', async () => {
      await assertFails(as(ALICE).collection(COLLECTIONS.users).get());
    });
  });

  describe('marking a notification read', () => {
    const unread = docPaths.notification(ALICE, 'unread');

    it('succeeds for its user with the server’s time', async () => {
      await assertSucceeds(as(ALICE).doc(unread).update({ readAt: serverTimestamp() }));
      const after = await as(ALICE).doc(unread).get();
      expect(after.get('readAt')).toBeInstanceOf(firebase.firestore.Timestamp);
    });

    it('fails with a time the app chose', async () => {
      await assertFails(
        as(ALICE)
          .doc(unread)
          .update({ readAt: new Date('2030-01-01T00:00:00Z') }),
      );
    });

    it('fails when another field changes with it', async () => {
      await assertFails(
        as(ALICE).doc(unread).update({ readAt: serverTimestamp(), title: 'Changed by the app' }),
      );
    });

    it('fails when it was already read', async () => {
      await assertFails(
        as(ALICE).doc(docPaths.notification(ALICE, 'read')).update({ readAt: serverTimestamp() }),
      );
    });

    it('fails for another user', async () => {
      await assertFails(as(BOB).doc(unread).update({ readAt: serverTimestamp() }));
    });

    it('cannot mark it unread again or delete it', async () => {
      const read = docPaths.notification(ALICE, 'read');
      await assertFails(as(ALICE).doc(read).update({ readAt: null }));
      await assertFails(as(ALICE).doc(read).delete());
    });
  });

  describe('server fields: the callables own every other write', () => {
    const db = () => as(ALICE);
    it.each<[string, () => Promise<unknown>]>([
      ['create own profile', () => db().doc(docPaths.user(ALICE)).set({ displayName: 'A' })],
      ['update own profile', () => db().doc(docPaths.user(ALICE)).update({ units: 'imperial' })],
      ['delete own profile', () => db().doc(docPaths.user(ALICE)).delete()],
      [
        'register a push token',
        () => db().doc(docPaths.pushToken(ALICE, 'new')).set({ token: 't', platform: 'ios' }),
      ],
      [
        'write an inbox entry',
        () => db().doc(docPaths.notification(ALICE, 'forged')).set({ title: 'x', readAt: null }),
      ],
      ['rename an owned device', () => db().doc(docPaths.device(DEV1)).update({ name: 'Kitchen' })],
      [
        'add a member to an owned device',
        () =>
          db()
            .doc(docPaths.device(DEV1))
            .update({
              memberUids: firebase.firestore.FieldValue.arrayUnion(CAROL),
              [`members.${CAROL}`]: 'admin',
            }),
      ],
      [
        'create a device',
        () =>
          db()
            .doc(docPaths.device('forged'))
            .set({ ownerUid: ALICE, memberUids: [ALICE], members: { [ALICE]: 'owner' } }),
      ],
      [
        'submit a reading',
        () =>
          db()
            .doc(docPaths.hour(DEV1, '2025-01-01T01'))
            .set({ hour: new Date(), ids: ['forged'], values: { temperature: [20] } }),
      ],
      [
        'acknowledge an alert',
        () => db().doc(docPaths.alert(DEV1, 'alert-1')).update({ state: 'acknowledged' }),
      ],
      [
        'claim a registry entry',
        () => db().doc(docPaths.registryEntry('GDG-ALICE')).update({ failedAttempts: 0 }),
      ],
      [
        'create an invite',
        () => db().doc(`${COLLECTIONS.invites}/forged`).set({ deviceId: DEV1, role: 'admin' }),
      ],
      [
        'pause an own schedule',
        () => db().doc(`${COLLECTIONS.schedules}/alice-schedule`).update({ paused: true }),
      ],
      [
        'publish firmware',
        () => db().doc(`${COLLECTIONS.models}/thermo-1`).update({ latestFirmware: '9.9.9' }),
      ],
      ['reset a rate limit', () => db().doc(`${COLLECTIONS.rateLimits}/claim:alice`).delete()],
    ])('cannot %s', async (_name, write) => {
      await assertFails(write());
    });
  });

  describe('devices', () => {
    it.each([ALICE, BOB])('member %s reads the device', async (uid) => {
      const device = await assertSucceeds(as(uid).doc(docPaths.device(DEV1)).get());
      expect(device.get('ownerUid')).toBe(ALICE);
    });

    it('a non-member cannot read it', async () => {
      await assertFails(as(CAROL).doc(docPaths.device(DEV1)).get());
    });

    it('a member lists their devices with an array-contains query', async () => {
      const mine = await assertSucceeds(
        as(BOB).collection(COLLECTIONS.devices).where('memberUids', 'array-contains', BOB).get(),
      );
      expect(mine.docs.map((doc) => doc.id)).toEqual([DEV1]);
    });

    it('an unfiltered device query fails: rules are not filters', async () => {
      await assertFails(as(BOB).collection(COLLECTIONS.devices).get());
    });

    it('a query for another user’s devices fails', async () => {
      await assertFails(
        as(BOB).collection(COLLECTIONS.devices).where('memberUids', 'array-contains', CAROL).get(),
      );
    });

    it.each([COLLECTIONS.hours, COLLECTIONS.days, COLLECTIONS.alerts, COLLECTIONS.photos])(
      'a member reads %s; a non-member cannot',
      async (collection) => {
        const path = `${docPaths.device(DEV1)}/${collection}`;
        const forMember = await assertSucceeds(as(BOB).collection(path).get());
        expect(forMember.size).toBe(1);
        await assertFails(as(CAROL).collection(path).get());
      },
    );

    it('a removed member loses the device and its readings', async () => {
      await assertSucceeds(as(BOB).doc(docPaths.hour(DEV1, '2025-01-01T00')).get());
      await removeMember(env(), DEV1, BOB);
      await assertFails(as(BOB).doc(docPaths.device(DEV1)).get());
      await assertFails(as(BOB).doc(docPaths.hour(DEV1, '2025-01-01T00')).get());
      // The own-devices query stays allowed (its filter proves the rule for any result: rules
      // judge the query, not the data) and no longer returns the device.
      const own = await assertSucceeds(
        as(BOB).collection(COLLECTIONS.devices).where('memberUids', 'array-contains', BOB).get(),
      );
      expect(own.docs.map((d) => d.id)).not.toContain(DEV1);
      await assertSucceeds(as(ALICE).doc(docPaths.device(DEV1)).get());
    });

    it('subcollections of a missing device are closed', async () => {
      await assertFails(
        as(ALICE)
          .collection(`${docPaths.device('missing')}/hours`)
          .get(),
      );
    });

    it('the device document a member reads carries no serial', async () => {
      const device = await assertSucceeds(as(BOB).doc(docPaths.device(DEV1)).get());
      expect(device.get('ownerUid')).toBe(ALICE);
      expect(device.get('serial')).toBeUndefined();
    });

    it('carol reads her own device, not alice’s readings', async () => {
      await assertSucceeds(as(CAROL).doc(docPaths.device(DEV2)).get());
      await assertFails(as(CAROL).doc(docPaths.hour(DEV1, '2025-01-01T00')).get());
    });
  });

  describe('device identity (the serial)', () => {
    const identity = docPaths.deviceIdentity(DEV1);

    it.each([
      [ALICE, 'owner'],
      [ERIN, 'admin'],
    ])('%s (%s) reads the serial', async (uid) => {
      const doc = await assertSucceeds(as(uid).doc(identity).get());
      expect(doc.get('serial')).toBe('GDG-ALICE');
    });

    it('a viewer cannot read it', async () => {
      await assertFails(as(BOB).doc(identity).get());
    });

    it('a stranger, even one who owns another device, cannot read it', async () => {
      await assertFails(as(CAROL).doc(identity).get());
      await assertSucceeds(as(CAROL).doc(docPaths.deviceIdentity(DEV2)).get());
    });

    it('an admin removed from the device loses it', async () => {
      await assertSucceeds(as(ERIN).doc(identity).get());
      await removeMember(env(), DEV1, ERIN);
      await assertFails(as(ERIN).doc(identity).get());
    });

    it('a removed viewer still cannot read it', async () => {
      await removeMember(env(), DEV1, BOB);
      await assertFails(as(BOB).doc(identity).get());
    });

    it('is not listable, not even by the owner', async () => {
      await assertFails(
        as(ALICE)
          .collection(`${docPaths.device(DEV1)}/${COLLECTIONS.private}`)
          .get(),
      );
    });

    it('other private documents are closed to the owner', async () => {
      await assertFails(
        as(ALICE)
          .doc(`${docPaths.device(DEV1)}/${COLLECTIONS.private}/other`)
          .get(),
      );
    });

    it('of a missing device is closed', async () => {
      await assertFails(as(ALICE).doc(docPaths.deviceIdentity('missing')).get());
    });

    it('cannot be written, not even by the owner', async () => {
      await assertFails(as(ALICE).doc(identity).set({ serial: 'GDG-FORGED' }));
      await assertFails(as(ALICE).doc(identity).delete());
    });
  });

  describe('schedules and models', () => {
    it('an owner reads their schedule; another user cannot', async () => {
      await assertSucceeds(as(ALICE).doc(`${COLLECTIONS.schedules}/alice-schedule`).get());
      await assertFails(as(ALICE).doc(`${COLLECTIONS.schedules}/bob-schedule`).get());
    });

    it('an owner lists their schedules with an ownerUid query; an unfiltered list fails', async () => {
      const mine = await assertSucceeds(
        as(ALICE).collection(COLLECTIONS.schedules).where('ownerUid', '==', ALICE).get(),
      );
      expect(mine.docs.map((doc) => doc.id)).toEqual(['alice-schedule']);
      await assertFails(as(ALICE).collection(COLLECTIONS.schedules).get());
    });

    it('any signed-in user reads models', async () => {
      const model = await assertSucceeds(as(CAROL).doc(`${COLLECTIONS.models}/thermo-1`).get());
      expect(model.get('latestFirmware')).toBe('1.0.0');
    });
  });

  describe('server-only and unnamed paths', () => {
    it.each([
      docPaths.registryEntry('GDG-ALICE'),
      `${COLLECTIONS.invites}/invite-hash`,
      `${COLLECTIONS.processedEvents}/event-1`,
      `${COLLECTIONS.rateLimits}/claim:alice`,
      `${COLLECTIONS.jobs}/prune-tokens`,
      `${COLLECTIONS.accountDeletions}/${ALICE}`,
      docPaths.coMember(ALICE, BOB),
      `${docPaths.device(DEV1)}/notes/note-1`,
      'diagnostics/latest',
    ])('%s is closed even to the user it concerns', async (path) => {
      await assertFails(as(ALICE).doc(path).get());
    });

    it('a collection no rule names cannot be written', async () => {
      await assertFails(as(ALICE).doc('diagnostics/mine').set({ note: 'x' }));
    });
  });
}

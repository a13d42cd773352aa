import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import type { RulesTestContext, RulesTestEnvironment } from '@firebase/rules-unit-testing';
import firebaseCompat from 'firebase/compat/app';
import 'firebase/compat/firestore';
import { beforeEach, describe, expect, it } from 'vitest';
import { CALLER_UID, COLLECTIONS, READABLE_PATHS, docPaths } from '@gadget/shared';
import type { ReadablePath } from '@gadget/shared';
import {
  ALICE,
  BOB,
  CAROL,
  DEV1,
  DEV2,
  ERIN,
  FIXTURE_DOCS,
  asServer,
  removeMember,
  resetFirestore,
} from './rules-env.ts';

// The compat typings are CommonJS, so TypeScript sees this default import as the whole module; at
// run time the ESM build's default export is the firebase namespace itself.
const firebase = firebaseCompat as unknown as typeof firebaseCompat.default;
const serverTimestamp = () => firebase.firestore.FieldValue.serverTimestamp();

type Db = ReturnType<RulesTestContext['firestore']>;
type Collection = ReturnType<Db['collection']>;
type Query = ReturnType<Collection['where']>;

/**
 * The queries READABLE_PATHS documents for the path named `name`, built as the app builds them,
 * `CALLER_UID` standing for `uid`: the cases run what the API reference tells the app to run.
 */
function documentedQueries(
  name: string,
  uid: string,
): (readonly [string, (collection: Collection) => Query])[] {
  const paths: readonly ReadablePath[] = READABLE_PATHS;
  const path = paths.find((p) => p.name === name);
  if (path === undefined) throw new Error(`READABLE_PATHS has no ${name}`);
  return path.queries.map((q) => {
    const build = (collection: Collection): Query => {
      let query: Query = collection;
      for (const { field, op, value } of q.where ?? [])
        query = query.where(field, op, value === CALLER_UID ? uid : value);
      for (const { field, direction } of q.orderBy ?? []) query = query.orderBy(field, direction);
      return q.limit === undefined ? query : query.limit(q.limit);
    };
    return [q.name, build] as const;
  });
}

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

  describe('the settings channel, commands and the firmware update', () => {
    const commands = (deviceId: string) => `${docPaths.device(deviceId)}/${COLLECTIONS.commands}`;
    /** Each path with a server field an app might try to forge. */
    const DOCS = [
      ['desired', docPaths.desiredState(DEV1), { version: 99 }],
      ['reported', docPaths.reportedState(DEV1), { appliedDesiredVersion: 99 }],
      ['a command', docPaths.command(DEV1, 'cmd-queued'), { status: 'succeeded' }],
      ['the update', docPaths.otaCurrent(DEV1), { state: 'succeeded', lease: null }],
    ] as const;
    const MEMBERS = [
      [ALICE, 'owner'],
      [ERIN, 'admin'],
      [BOB, 'viewer'],
    ] as const;
    /** What each documented command query returns on dev1, in order. */
    const COMMAND_RESULTS: Readonly<Record<string, readonly string[]>> = {
      unfinishedCommands: ['cmd-queued', 'cmd-sent'],
      recentCommands: ['cmd-queued', 'cmd-sent', 'cmd-done'],
    };
    // Neither command query uses the caller's uid, so one list serves every caller.
    const COMMAND_QUERIES = documentedQueries('command', ALICE);

    it('the documented command queries are the two the app runs', () => {
      expect(COMMAND_QUERIES.map(([name]) => name)).toEqual(Object.keys(COMMAND_RESULTS));
    });

    it.each(
      MEMBERS.flatMap(([uid, role]) =>
        DOCS.map(([name, path]) => [uid, role, name, path] as const),
      ),
    )('%s (%s) gets %s', async (uid, _role, _name, path) => {
      const doc = await assertSucceeds(as(uid).doc(path).get());
      expect(doc.exists).toBe(true);
    });

    it.each([docPaths.desiredState(DEV2), docPaths.reportedState(DEV2), docPaths.otaCurrent(DEV2)])(
      'a member gets %s before the server first writes it, and finds it absent',
      async (path) => {
        const doc = await assertSucceeds(as(CAROL).doc(path).get());
        expect(doc.exists).toBe(false);
      },
    );

    it.each(DOCS)('a non-member cannot get %s', async (_name, path) => {
      await assertFails(as(CAROL).doc(path).get());
    });

    it.each(DOCS)('signed out, %s cannot be read', async (_name, path) => {
      await assertFails(signedOut().doc(path).get());
    });

    const REMOVED = [
      [BOB, 'viewer'],
      [ERIN, 'admin'],
    ] as const;
    it.each(
      REMOVED.flatMap(([uid, role]) =>
        DOCS.map(([name, path]) => [uid, role, name, path] as const),
      ),
    )('%s, a removed %s, loses %s', async (uid, _role, _name, path) => {
      await assertSucceeds(as(uid).doc(path).get());
      await removeMember(env(), DEV1, uid);
      await assertFails(as(uid).doc(path).get());
    });

    it.each(DOCS)('%s of a missing device is closed', async (name) => {
      const path = {
        desired: docPaths.desiredState('missing'),
        reported: docPaths.reportedState('missing'),
        'a command': docPaths.command('missing', 'cmd-queued'),
        'the update': docPaths.otaCurrent('missing'),
      }[name];
      await assertFails(as(ALICE).doc(path).get());
    });

    it('other state documents are closed to the owner', async () => {
      await assertFails(
        as(ALICE)
          .doc(`${docPaths.device(DEV1)}/${COLLECTIONS.state}/other`)
          .get(),
      );
    });

    it.each(MEMBERS)('%s (%s) cannot list the state documents: get only', async (uid) => {
      await assertFails(
        as(uid)
          .collection(`${docPaths.device(DEV1)}/${COLLECTIONS.state}`)
          .get(),
      );
    });

    it.each(MEMBERS)('%s (%s) cannot list the ota documents, nor get another one', async (uid) => {
      await assertFails(
        as(uid)
          .collection(`${docPaths.device(DEV1)}/${COLLECTIONS.ota}`)
          .get(),
      );
      await assertFails(
        as(uid)
          .doc(`${docPaths.device(DEV1)}/${COLLECTIONS.ota}/other`)
          .get(),
      );
    });

    it('no one queries every device’s updates (the collection group)', async () => {
      await assertFails(as(ALICE).collectionGroup(COLLECTIONS.ota).get());
    });

    describe('no client writes them, not even the owner', () => {
      const WRITERS: readonly (readonly [string, () => Promise<Db>])[] = [
        ['the owner', () => Promise.resolve(as(ALICE))],
        ['an admin', () => Promise.resolve(as(ERIN))],
        ['a viewer', () => Promise.resolve(as(BOB))],
        [
          'a removed member',
          async () => {
            await removeMember(env(), DEV1, BOB);
            return as(BOB);
          },
        ],
        ['a non-member', () => Promise.resolve(as(CAROL))],
        ['a signed-out client', () => Promise.resolve(signedOut())],
      ];
      const fixture = (path: string) => {
        const data = FIXTURE_DOCS[path];
        if (data === undefined) throw new Error(`No fixture at ${path}`);
        return data;
      };
      /** Runs `work` with the rules off, as the functions would, and returns what it returns. */
      const server = async <T>(work: (db: Db) => Promise<T>): Promise<T> => {
        let done: { result: T } | undefined;
        await asServer(env(), async (context) => {
          done = { result: await work(context.firestore()) };
        });
        if (done === undefined) throw new Error('the server work did not run');
        return done.result;
      };
      /** Each of DOCS as `db` holds it: its data, or undefined where there is none. */
      const held = async (db: Db) =>
        Object.fromEntries(
          await Promise.all(
            DOCS.map(async ([, path]) => [path, (await db.doc(path).get()).data()] as const),
          ),
        );

      // One case per writer and document, so the fixture is reset once for its four writes.
      it.each(
        WRITERS.flatMap(([writer, client]) =>
          DOCS.map(([name, path, forged]) => [writer, name, client, path, forged] as const),
        ),
      )(
        '%s cannot create, update, set (overwrite) or delete %s',
        async (_writer, _name, client, path, forged) => {
          const doc = (await client()).doc(path);
          const full = { ...fixture(path), ...forged };

          // The server removes the fixture first, so the client's set is a create.
          const before = await server(async (db) => {
            const found = await held(db);
            await db.doc(path).delete();
            return found;
          });
          await assertFails(doc.set(full));
          // Nothing was created; the server puts the fixture back for the other three to meet.
          await server(async (db) => {
            expect((await db.doc(path).get()).exists).toBe(false);
            await db.doc(path).set(fixture(path));
          });
          await assertFails(doc.update(forged));
          await assertFails(doc.set(full));
          await assertFails(doc.delete());
          expect(await server(held)).toEqual(before);
        },
      );
    });

    it.each(
      MEMBERS.flatMap(([uid, role]) =>
        COMMAND_QUERIES.map(([name, query]) => [uid, role, name, query] as const),
      ),
    )('%s (%s) runs %s', async (uid, _role, name, query) => {
      const found = await assertSucceeds(query(as(uid).collection(commands(DEV1))).get());
      expect(found.docs.map((doc) => doc.id)).toEqual(COMMAND_RESULTS[name]);
    });

    it.each(COMMAND_QUERIES)('a non-member cannot run %s', async (_name, query) => {
      await assertFails(query(as(CAROL).collection(commands(DEV1))).get());
    });

    it.each(COMMAND_QUERIES)('a removed member cannot run %s', async (_name, query) => {
      await assertSucceeds(query(as(BOB).collection(commands(DEV1))).get());
      await removeMember(env(), DEV1, BOB);
      await assertFails(query(as(BOB).collection(commands(DEV1))).get());
    });

    it.each(COMMAND_QUERIES)('signed out, %s fails', async (_name, query) => {
      await assertFails(query(signedOut().collection(commands(DEV1))).get());
    });

    it.each(COMMAND_QUERIES)(
      '%s on another device’s commands fails; its owner runs it',
      async (_name, query) => {
        await assertFails(query(as(ALICE).collection(commands(DEV2))).get());
        await assertFails(query(as(BOB).collection(commands(DEV2))).get());
        const own = await assertSucceeds(query(as(CAROL).collection(commands(DEV2))).get());
        expect(own.docs.map((doc) => doc.id)).toEqual(['cmd-carol']);
      },
    );
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

    it('any signed-in user reads and lists a model’s releases; signed out, no one', async () => {
      const release = await assertSucceeds(
        as(CAROL).doc(docPaths.release('thermo-1', '1.0.0')).get(),
      );
      expect(release.get('sha256')).toBe('a'.repeat(64));
      const all = await assertSucceeds(
        as(CAROL).collection(`${COLLECTIONS.models}/thermo-1/${COLLECTIONS.releases}`).get(),
      );
      expect(all.docs.map((doc) => doc.id)).toEqual(['1.0.0']);
      await assertFails(signedOut().doc(docPaths.release('thermo-1', '1.0.0')).get());
    });

    it.each([
      [
        'publish a release',
        (db: Db) => db.doc(docPaths.release('thermo-1', '9.9.9')).set({ version: '9.9.9' }),
      ],
      [
        'revoke a release',
        (db: Db) => db.doc(docPaths.release('thermo-1', '1.0.0')).update({ revokedAt: new Date() }),
      ],
      ['delete a release', (db: Db) => db.doc(docPaths.release('thermo-1', '1.0.0')).delete()],
      ['start a rollout', (db: Db) => db.doc(docPaths.rollout('r2')).set({ state: 'active' })],
      ['pause a rollout', (db: Db) => db.doc(docPaths.rollout('r1')).update({ state: 'paused' })],
      ['read a rollout', (db: Db) => db.doc(docPaths.rollout('r1')).get()],
      [
        'set a model’s rollout',
        (db: Db) => db.doc(`${COLLECTIONS.models}/thermo-1`).update({ rollout: null }),
      ],
    ])('no client may %s', async (_name, act) => {
      await assertFails(act(as(ALICE)));
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
      docPaths.deviceKey(DEV1),
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

import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing';
import type { RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { beforeAll, beforeEach, describe, it } from 'vitest';
import { LIMITS, storagePrefixes } from '@gadget/shared';
import {
  ALICE,
  BOB,
  CAROL,
  DAVE,
  DEV1,
  DEV3,
  FIXTURE_FILES,
  PNG_BYTES,
  releaseDevice,
  removeMember,
  resetFirestore,
  seedStorage,
  upload,
} from './rules-env.ts';

/** The Storage rules cases; device membership is read from Firestore (cross-service rules). */
export function storageRulesCases(env: () => RulesTestEnvironment): void {
  const as = (uid: string) => env().authenticatedContext(uid);
  const signedOut = () => env().unauthenticatedContext();
  const avatar = (uid: string, file = 'original.png') =>
    `${storagePrefixes.userUploads(uid)}avatar/${file}`;
  const photo = (deviceId: string, file = 'original.jpg') =>
    `${storagePrefixes.deviceUploads(deviceId)}photos/photo-2/${file}`;

  // Uploads add objects under fresh names and no case depends on an object being absent, so the
  // read fixtures are written once.
  beforeAll(async () => {
    await seedStorage(env());
  });

  beforeEach(async () => {
    await resetFirestore(env());
  });

  describe('avatar uploads', () => {
    it('a user uploads an image as their own avatar', async () => {
      await assertSucceeds(upload(as(ALICE), avatar(ALICE), PNG_BYTES, 'image/png'));
    });

    it('signed out, nothing can be uploaded', async () => {
      await assertFails(upload(signedOut(), avatar(ALICE), PNG_BYTES, 'image/png'));
    });

    it('a user cannot upload into another user’s avatar folder', async () => {
      await assertFails(upload(as(BOB), avatar(ALICE, 'bob.png'), PNG_BYTES, 'image/png'));
    });

    it.each(['Image/PNG', 'IMAGE/JPEG'])('content type %s is an image too', async (contentType) => {
      await assertSucceeds(upload(as(ALICE), avatar(ALICE, 'upper-case'), PNG_BYTES, contentType));
    });

    it.each([
      'text/plain',
      'application/octet-stream',
      'image/svg+xml',
      'image/SVG+xml',
      'IMAGE/SVG+XML',
      'video/mp4',
    ])('content type %s is refused', async (contentType) => {
      await assertFails(upload(as(ALICE), avatar(ALICE, 'wrong-type'), PNG_BYTES, contentType));
    });

    it('an empty file is refused', async () => {
      await assertFails(
        upload(as(ALICE), avatar(ALICE, 'empty.png'), new Uint8Array(0), 'image/png'),
      );
    });

    it('exactly the size limit is accepted; one byte more is refused', async () => {
      const atLimit = new Uint8Array(LIMITS.uploadMaxBytes);
      atLimit.set(PNG_BYTES);
      await assertSucceeds(upload(as(ALICE), avatar(ALICE, 'at-limit.png'), atLimit, 'image/png'));
      const over = new Uint8Array(LIMITS.uploadMaxBytes + 1);
      over.set(PNG_BYTES);
      await assertFails(upload(as(ALICE), avatar(ALICE, 'over-limit.png'), over, 'image/png'));
    });
  });

  describe('device photo uploads', () => {
    it('the owner uploads a photo, naming themselves as uploader', async () => {
      await assertSucceeds(
        upload(as(ALICE), photo(DEV1, 'alice.jpg'), PNG_BYTES, 'image/jpeg', { uploadedBy: ALICE }),
      );
    });

    it('a viewer cannot upload or replace a photo', async () => {
      await assertFails(
        upload(as(BOB), photo(DEV1, 'bob.jpg'), PNG_BYTES, 'image/jpeg', { uploadedBy: BOB }),
      );
    });

    it('the owner cannot name another member as the uploader, or leave it out', async () => {
      await assertFails(
        upload(as(ALICE), photo(DEV1, 'spoof.jpg'), PNG_BYTES, 'image/jpeg', { uploadedBy: BOB }),
      );
      await assertFails(upload(as(ALICE), photo(DEV1, 'anonymous.jpg'), PNG_BYTES, 'image/jpeg'));
    });

    it('a non-member cannot', async () => {
      await assertFails(
        upload(as(CAROL), photo(DEV1), PNG_BYTES, 'image/jpeg', { uploadedBy: CAROL }),
      );
    });

    it('a removed member cannot', async () => {
      await removeMember(env(), DEV1, BOB);
      await assertFails(
        upload(as(BOB), photo(DEV1, 'late.jpg'), PNG_BYTES, 'image/jpeg', { uploadedBy: BOB }),
      );
    });

    it('nobody can upload for a device that does not exist', async () => {
      await assertFails(
        upload(as(ALICE), photo('missing'), PNG_BYTES, 'image/jpeg', { uploadedBy: ALICE }),
      );
    });

    it('a member cannot upload a non-image', async () => {
      await assertFails(
        upload(as(ALICE), photo(DEV1, 'notes.txt'), PNG_BYTES, 'text/plain', { uploadedBy: ALICE }),
      );
    });
  });

  describe('paths no rule names', () => {
    it.each([
      `${storagePrefixes.userUploads(ALICE)}other/original.png`,
      `${storagePrefixes.userUploads(ALICE)}avatar/nested/original.png`,
      `${storagePrefixes.deviceUploads(DEV1)}photos/original.png`,
      `${storagePrefixes.userImages(ALICE)}avatar/128.webp`,
      `${storagePrefixes.deviceImages(DEV1)}photos/photo-1/320.webp`,
      `${storagePrefixes.userExports(ALICE)}export-2.json`,
      'public/anything.png',
    ])('cannot upload to %s', async (path) => {
      await assertFails(upload(as(ALICE), path, PNG_BYTES, 'image/png'));
    });

    it('an upload cannot be read back or deleted by the client', async () => {
      const ref = as(ALICE).storage().ref(FIXTURE_FILES.aliceUpload);
      await assertFails(ref.getMetadata());
      await assertFails(ref.delete());
    });
  });

  describe('reads', () => {
    describe('avatars', () => {
      const aliceAvatar = (context: ReturnType<typeof as>) =>
        context.storage().ref(FIXTURE_FILES.aliceAvatar).getMetadata();

      it('a user reads their own avatar', async () => {
        await assertSucceeds(aliceAvatar(as(ALICE)));
      });

      it('someone who shares a device with the user reads it', async () => {
        await assertSucceeds(aliceAvatar(as(BOB)));
        await assertSucceeds(aliceAvatar(as(DAVE)));
      });

      it('a co-member still reads it through a second device after the first is released', async () => {
        await releaseDevice(env(), DEV3);
        await assertSucceeds(aliceAvatar(as(DAVE)));
      });

      it('a removed member no longer reads it', async () => {
        await removeMember(env(), DEV1, BOB);
        await assertFails(aliceAvatar(as(BOB)));
      });

      it('a signed-in stranger cannot read it', async () => {
        await assertFails(aliceAvatar(as(CAROL)));
      });

      it('signed out, nobody can read it', async () => {
        await assertFails(aliceAvatar(signedOut()));
      });
    });

    it('members read device photos; others cannot', async () => {
      await assertSucceeds(as(BOB).storage().ref(FIXTURE_FILES.dev1Photo).getMetadata());
      await assertFails(as(CAROL).storage().ref(FIXTURE_FILES.dev1Photo).getMetadata());
    });

    it('a removed member can no longer read device photos', async () => {
      await removeMember(env(), DEV1, BOB);
      await assertFails(as(BOB).storage().ref(FIXTURE_FILES.dev1Photo).getMetadata());
    });

    it('exports are readable by their user only', async () => {
      await assertSucceeds(as(ALICE).storage().ref(FIXTURE_FILES.aliceExport).getMetadata());
      await assertFails(as(BOB).storage().ref(FIXTURE_FILES.aliceExport).getMetadata());
    });

    it('nobody can delete what the pipeline wrote', async () => {
      await assertFails(as(ALICE).storage().ref(FIXTURE_FILES.aliceAvatar).delete());
    });
  });
}

// The companion app's side of a test: the official firebase JS SDK (its Node build, which speaks
// gRPC to Firestore as the iOS and Android SDKs do), signed in as a real user of the test cloud and
// pointed at it with the connect*Emulator calls an app makes.
import { randomUUID } from 'node:crypto';
import { deleteApp, initializeApp } from 'firebase/app';
import type { FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore, terminate } from 'firebase/firestore';
import type { Firestore } from 'firebase/firestore';
import { connectStorageEmulator, getStorage } from 'firebase/storage';
import type { FirebaseStorage } from 'firebase/storage';
import { afterEach } from 'vitest';
import { watchSnapshots } from '@gadget/local-cloud';
import type { SnapshotWatch } from '@gadget/local-cloud';
import type { TestCloud } from '@gadget/local-cloud/testing';

export interface AppUser {
  readonly uid: string;
  readonly app: FirebaseApp;
  readonly db: Firestore;
  readonly storage: FirebaseStorage;
  close(): Promise<void>;
}

/** Signs a new user up (firing onUserCreated) and signs the app in as them. */
export async function appUser(cloud: TestCloud): Promise<AppUser> {
  const email = `app-${randomUUID().slice(0, 8)}@gadget.test`;
  const password = 'app-password-1';
  const { uid } = await cloud.signUp({ email, password });
  const { host, ports, projectId, storageBucket } = cloud.cloud;
  const app = initializeApp({ apiKey: 'demo-key', projectId, storageBucket }, `app-${uid}`);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${host}:${String(ports.auth)}`, { disableWarnings: true });
  await signInWithEmailAndPassword(auth, email, password);
  const db = getFirestore(app);
  connectFirestoreEmulator(db, host, ports.firestore);
  const storage = getStorage(app);
  connectStorageEmulator(storage, host, ports.storage);
  return {
    uid,
    app,
    db,
    storage,
    close: async () => {
      await terminate(db);
      await deleteApp(app);
    },
  };
}

export interface AppUsers {
  /** A new user signed in to a new app, once the sign-up trigger's writes are done. */
  readonly signedIn: () => Promise<AppUser>;
  /** Stops a listener once the test is over, before the apps close. */
  readonly stopAfterTest: (stop: () => void) => void;
}

/** The app users of a test file's tests: each test's listeners are stopped and its apps closed. */
export function useAppUsers(cloud: TestCloud): AppUsers {
  const users: AppUser[] = [];
  const stops: (() => void)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    for (const u of users.splice(0)) await u.close();
  });
  return {
    signedIn: async () => {
      const user = await appUser(cloud);
      users.push(user);
      await cloud.idle();
      return user;
    },
    stopAfterTest: (stop) => {
      stops.push(stop);
    },
  };
}

export type Watch<S> = SnapshotWatch<S>;

/** Records a listener's snapshots so a test can wait for the one it expects. */
export function watch<S extends { metadata: { fromCache: boolean } }>(
  subscribe: (onNext: (snapshot: S) => void) => () => void,
): Watch<S> {
  // What these tests wait for is often written by a function's trigger, later than a test's own write.
  return watchSnapshots(subscribe, 15_000);
}

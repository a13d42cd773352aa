// A client SDK app pointed at `npm start` with the connect*Emulator calls its banner prints, and
// nothing else changed: how an app developer connects.
import { initializeApp } from 'firebase/app';
import type { FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, getAuth } from 'firebase/auth';
import { connectFirestoreEmulator, getFirestore } from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions } from 'firebase/functions';
import { connectStorageEmulator, getStorage } from 'firebase/storage';

/** A new app named `name` (one per simulated phone), connected to every dev-server service. */
export function devServerApp(name: string): FirebaseApp {
  const app = initializeApp(
    { apiKey: 'demo-key', projectId: 'demo-gadget', storageBucket: 'demo-gadget.appspot.com' },
    name,
  );
  connectAuthEmulator(getAuth(app), 'http://127.0.0.1:9099', { disableWarnings: true });
  connectFunctionsEmulator(getFunctions(app), '127.0.0.1', 5001);
  connectFirestoreEmulator(getFirestore(app), '127.0.0.1', 8080);
  connectStorageEmulator(getStorage(app), '127.0.0.1', 9199);
  return app;
}

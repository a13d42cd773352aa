import { LIMITS } from '@gadget/shared';
import type { LocalCloudPorts } from '@gadget/local-cloud';

/** Where an app finds the backend: what `npm start`'s LocalCloud says of itself. */
export interface AppTarget {
  readonly host: string;
  readonly ports: Pick<LocalCloudPorts, 'auth' | 'firestore' | 'functions' | 'storage'>;
  readonly projectId: string;
  readonly storageBucket: string;
}

const REGION = 'us-central1';

/**
 * "Connect an app": the web SDK code that points an app at the backend, the URL a Wi-Fi gadget
 * posts to, and the uploads the Storage rules accept. One text for `npm start`'s banner (given the
 * running LocalCloud) and the README's block (a test holds them equal), so neither can drift from
 * the ports, project and rules.
 */
export function connectAnApp({ host, ports, projectId, storageBucket }: AppTarget): string {
  const megabytes = LIMITS.uploadMaxBytes / (1024 * 1024);
  return [
    "import { initializeApp } from 'firebase/app';",
    "import { connectAuthEmulator, getAuth } from 'firebase/auth';",
    "import { connectFirestoreEmulator, getFirestore } from 'firebase/firestore';",
    "import { connectFunctionsEmulator, getFunctions } from 'firebase/functions';",
    "import { connectStorageEmulator, getStorage, ref, uploadBytes } from 'firebase/storage';",
    '',
    'const app = initializeApp({',
    '  // The SDK requires an apiKey (without one: auth/invalid-api-key); locally any non-empty string works.',
    "  apiKey: 'demo-key',",
    `  projectId: '${projectId}', // the project npm start serves: requests for another id are refused`,
    `  storageBucket: '${storageBucket}',`,
    '});',
    'const auth = getAuth(app);',
    `connectAuthEmulator(auth, 'http://${host}:${String(ports.auth)}');`,
    'const db = getFirestore(app);',
    `connectFirestoreEmulator(db, '${host}', ${String(ports.firestore)});`,
    `const functions = getFunctions(app, '${REGION}');`,
    `connectFunctionsEmulator(functions, '${host}', ${String(ports.functions)});`,
    'const storage = getStorage(app);',
    `connectStorageEmulator(storage, '${host}', ${String(ports.storage)});`,
    '',
    '// A Wi-Fi gadget posts to ingest with the key rotateDeviceKey returned:',
    `//   POST http://${host}:${String(ports.functions)}/${projectId}/${REGION}/ingest`,
    '//   Authorization: Device <deviceId>:<deviceKey>',
    '',
    `// Uploads: images up to ${String(megabytes)} MB, SVG refused. An avatar, by the signed-in user:`,
    'const uid = auth.currentUser.uid;',
    'const avatar = ref(storage, `uploads/users/${uid}/avatar/me.jpg`);',
    "await uploadBytes(avatar, jpeg, { contentType: 'image/jpeg' });",
    "// A device's photo (photoId: a new id of A-Z a-z 0-9 _ -), by its owner or an admin; the rules",
    "// require uploadedBy, the uploader's uid:",
    'const photo = ref(storage, `uploads/devices/${deviceId}/photos/${photoId}/original.jpg`);',
    "await uploadBytes(photo, jpeg, { contentType: 'image/jpeg', customMetadata: { uploadedBy: uid } });",
  ].join('\n');
}

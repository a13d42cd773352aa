// The security rules files firebase.json names, which `npm start` evaluates as the Emulator Suite
// would: `firestore.rules` and `storage.rules` relative to the project root.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface FirebaseJson {
  firestore?: { rules?: string };
  storage?: { rules?: string } | { rules?: string }[];
}

export function rulesFiles(root: string): { firestore?: string; storage?: string } {
  const config = JSON.parse(readFileSync(resolve(root, 'firebase.json'), 'utf8')) as FirebaseJson;
  const storage = Array.isArray(config.storage) ? config.storage[0] : config.storage;
  return {
    ...(config.firestore?.rules ? { firestore: resolve(root, config.firestore.rules) } : {}),
    ...(storage?.rules ? { storage: resolve(root, storage.rules) } : {}),
  };
}

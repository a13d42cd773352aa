// Where the scripts find the local emulators (`npm start` or `npm run emulators`): on 127.0.0.1 at
// the ports firebase.json gives, the file both backends read theirs from.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readFirebaseJsonPorts } from '@gadget/local-cloud/ports';
import type { LocalCloudPorts } from '@gadget/local-cloud/ports';

export const LOCAL_HOST = '127.0.0.1';
export const FIREBASE_JSON = fileURLToPath(new URL('../firebase.json', import.meta.url));

export function localPorts(): LocalCloudPorts {
  return readFirebaseJsonPorts(FIREBASE_JSON);
}

/**
 * firebase.json's `emulators.singleProjectMode`: whether requests for another project are
 * refused. On unless set to false, as the Firebase CLI reads it.
 */
export function singleProjectMode(file: string = FIREBASE_JSON): boolean {
  const config = JSON.parse(readFileSync(file, 'utf8')) as {
    emulators?: { singleProjectMode?: unknown };
  };
  return config.emulators?.singleProjectMode !== false;
}

/** `Auth :9099, Functions :5001, …`: the list `npm start -- --help` and the banner agree on. */
export function describePorts(ports: LocalCloudPorts = localPorts()): string {
  return [
    `Auth :${String(ports.auth)}`,
    `Functions :${String(ports.functions)}`,
    `Firestore :${String(ports.firestore)}`,
    `Storage :${String(ports.storage)}`,
    `Cloud Scheduler :${String(ports.scheduler)}`,
    `the control API :${String(ports.control)}`,
  ].join(', ');
}

/**
 * Points firebase-admin and the Cloud Scheduler client at the local emulators: each variable
 * already set is kept, each missing one gets firebase.json's port. For demo- projects, which exist
 * only in the emulators, so a script run as the README writes it reaches `npm start`.
 */
export function useLocalEmulators(
  env: NodeJS.ProcessEnv = process.env,
  ports: LocalCloudPorts = localPorts(),
): void {
  env.FIRESTORE_EMULATOR_HOST ||= `${LOCAL_HOST}:${String(ports.firestore)}`;
  env.FIREBASE_AUTH_EMULATOR_HOST ||= `${LOCAL_HOST}:${String(ports.auth)}`;
  env.FIREBASE_STORAGE_EMULATOR_HOST ||= `${LOCAL_HOST}:${String(ports.storage)}`;
  env.LOCAL_CLOUD_SCHEDULER_ENDPOINT ||= `${LOCAL_HOST}:${String(ports.scheduler)}`;
  // No credentials locally: without this google-auth-library probes for a metadata server.
  env.METADATA_SERVER_DETECTION ||= 'none';
}

import { readFileSync } from 'node:fs';

/**
 * The Emulator Suite's ports, which `npm start` uses so that apps connect unchanged; the default of
 * every port `firebase.json` leaves out.
 */
export const EMULATOR_SUITE_PORTS = {
  auth: 9099,
  functions: 5001,
  firestore: 8080,
  storage: 9199,
  control: 4400,
  /** Cloud Scheduler has no official emulator; this port is local-cloud's own choice. */
  scheduler: 8095,
} as const;

export type LocalCloudPorts = Record<keyof typeof EMULATOR_SUITE_PORTS, number>;

/**
 * Where each local-cloud component's port sits in `firebase.json`, under `emulators`: the keys the
 * Firebase CLI reads, so one file moves both backends. The control API answers where the Emulator
 * Suite's hub does. Cloud Scheduler has no official emulator; the CLI ignores its key.
 */
export const FIREBASE_JSON_PORT_KEYS: Readonly<Record<keyof LocalCloudPorts, string>> = {
  auth: 'auth',
  functions: 'functions',
  firestore: 'firestore',
  storage: 'storage',
  control: 'hub',
  scheduler: 'scheduler',
};

/**
 * The ports `firebase.json`'s `emulators.<key>.port` asks for, each missing one at its Emulator
 * Suite default as the CLI does. A port that is not a whole number from 1 to 65535 is an error
 * naming its key.
 */
export function readFirebaseJsonPorts(firebaseJson: string): LocalCloudPorts {
  const config = JSON.parse(readFileSync(firebaseJson, 'utf8')) as {
    emulators?: Record<string, { port?: unknown } | undefined>;
  };
  const ports = { ...EMULATOR_SUITE_PORTS } as LocalCloudPorts;
  for (const [component, key] of Object.entries(FIREBASE_JSON_PORT_KEYS)) {
    const port = config.emulators?.[key]?.port;
    if (port === undefined) continue;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new Error(
        `emulators.${key}.port in ${firebaseJson} must be a whole number from 1 to 65535, not ${JSON.stringify(port)}`,
      );
    }
    ports[component as keyof LocalCloudPorts] = port;
  }
  return ports;
}

import type { HostAndPort } from '@firebase/rules-unit-testing';

/** Where the official emulators answer, or why the rules tests cannot run. */
export type EmulatorDetection =
  | { readonly available: true; readonly firestore: HostAndPort; readonly storage: HostAndPort }
  | { readonly available: false; readonly reason: string };

// The README's command for them: it starts the emulators, runs these tests and stops them.
const HOW_TO_RUN = 'run npm run test:emulators (it starts the official emulators for them)';
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Where the official Firestore and Storage emulators answer, for `npm run test:emulators`:
 * `firebase emulators:exec` sets both variables; the Firestore emulator answers `GET /` with "Ok",
 * and the Storage emulator answers HTTP at all.
 */
export async function detectOfficialEmulators(
  env: NodeJS.ProcessEnv = process.env,
): Promise<EmulatorDetection> {
  const firestoreHost = env.FIRESTORE_EMULATOR_HOST;
  const storageHost = env.FIREBASE_STORAGE_EMULATOR_HOST;
  if (!firestoreHost || !storageHost) {
    return {
      available: false,
      reason: 'the official Firestore and Storage emulators are not running (they need Java 21)',
    };
  }
  const firestore = parseHostAndPort(firestoreHost);
  const storage = parseHostAndPort(storageHost);
  if (firestore === undefined || storage === undefined) {
    return {
      available: false,
      reason: `FIRESTORE_EMULATOR_HOST=${firestoreHost} or FIREBASE_STORAGE_EMULATOR_HOST=${storageHost} is not host:port`,
    };
  }
  const firestoreAnswer = await probe(firestore);
  if (firestoreAnswer?.trim() !== 'Ok') {
    return {
      available: false,
      reason: `FIRESTORE_EMULATOR_HOST=${firestoreHost} is not the official Firestore emulator (no "Ok" at /)`,
    };
  }
  if ((await probe(storage)) === undefined) {
    return {
      available: false,
      reason: `FIREBASE_STORAGE_EMULATOR_HOST=${storageHost} does not answer`,
    };
  }
  return { available: true, firestore, storage };
}

/** The one line a run without the emulators prints. */
export function notRunLine(reason: string): string {
  return `rules tests not run: ${reason}; ${HOW_TO_RUN}`;
}

export function parseHostAndPort(value: string): HostAndPort | undefined {
  try {
    const url = new URL(`http://${value}`);
    const port = Number(url.port);
    if (!Number.isInteger(port) || port <= 0) return undefined;
    // URL keeps IPv6 brackets; the rules-unit-testing library adds its own.
    return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
  } catch {
    return undefined;
  }
}

function hostForUrl({ host, port }: HostAndPort): string {
  return host.includes(':') ? `[${host}]:${String(port)}` : `${host}:${String(port)}`;
}

/** The body of `GET /`, or undefined when nothing answers HTTP there. */
async function probe(target: HostAndPort): Promise<string | undefined> {
  try {
    const response = await fetch(`http://${hostForUrl(target)}/`, {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return await response.text();
  } catch {
    return undefined;
  }
}

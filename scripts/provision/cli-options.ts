import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEVICE_MODELS, DeviceModelIdSchema } from '@gadget/shared';
import type { DeviceModelId } from '@gadget/shared';
import { parseOptions, UsageError } from '../cli/usage-error.ts';
import { MAX_DEVICES_PER_RUN, SERIAL_PREFIX_PATTERN } from './provision-devices.ts';

export { UsageError } from '../cli/usage-error.ts';

export const PROVISION_HELP = `Usage: npm run provision -- --model MODEL --count N [--out FILE] [options]

Creates N new deviceRegistry entries with fresh claim codes and Ed25519 key pairs in the
configured backend: the emulators when FIRESTORE_EMULATOR_HOST is set or the project is a demo- one
(then the local emulators, npm start, at firebase.json's port), otherwise the real project with
application default credentials. Each claim code and private key is printed once, as CSV
(serial,model,claimCode,privateKey,publicKey; the keys are the raw 32 bytes in base64, the private
one the seed firmware takes). The code is stored only as an HMAC-SHA256 keyed with
CLAIM_CODE_SECRET, the private key not at all; the entry holds the public key.

  --model MODEL    ${Object.keys(DEVICE_MODELS).join(' | ')}
  --count N        how many devices, 1 to ${MAX_DEVICES_PER_RUN}
  --out FILE       write the CSV to FILE (never replaces an existing file) instead of stdout
  --prefix PREFIX  serial prefix, A-Z and 0-9 (default GDG): serials look like GDG-7K2M9QXD
  --project ID     Firebase project (default GCLOUD_PROJECT, then .firebaserc's default)
  --help           show this text

Environment:
  CLAIM_CODE_SECRET        the claim-code key; required unless the project id starts with demo-,
                           where the key local-cloud uses is taken (functions/.secret.local or
                           the built-in demo key)
  FIRESTORE_EMULATOR_HOST  host:port of the Firestore emulator to write to
`;

export interface ProvisionCommand {
  readonly model: DeviceModelId;
  readonly count: number;
  readonly out: string | undefined;
  readonly prefix: string;
  readonly projectId: string;
  /** CLAIM_CODE_SECRET; undefined only for a demo project, which takes the local demo key. */
  readonly claimCodeSecret: string | undefined;
  /** The Firestore emulator to write to (host:port); undefined for production. */
  readonly emulatorHost: string | undefined;
  /** Where the entries go, for the summary: the emulator's address or "production". */
  readonly target: string;
}

/**
 * The command line and environment as a provisioning run, or a UsageError saying what is wrong.
 * `localFirestore` is where a demo project goes when FIRESTORE_EMULATOR_HOST is not set.
 */
export function parseProvisionCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  firebaserc: string,
  localFirestore: string,
): ProvisionCommand | 'help' {
  const values = parseOptions(argv, {
    model: { type: 'string' },
    count: { type: 'string' },
    out: { type: 'string' },
    prefix: { type: 'string', default: 'GDG' },
    project: { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) return 'help';

  const model = DeviceModelIdSchema.safeParse(values.model);
  if (!model.success) {
    throw new UsageError(`--model must be one of ${Object.keys(DEVICE_MODELS).join(', ')}`);
  }
  const count = Number(values.count);
  if (!/^\d+$/.test(values.count ?? '') || count < 1 || count > MAX_DEVICES_PER_RUN) {
    throw new UsageError(`--count must be a whole number from 1 to ${MAX_DEVICES_PER_RUN}`);
  }
  if (!SERIAL_PREFIX_PATTERN.test(values.prefix)) {
    throw new UsageError('--prefix must be 1 to 16 characters A-Z or 0-9');
  }
  // npm runs scripts from the package root; a relative --out means the caller's directory.
  const out = values.out === undefined ? undefined : resolve(env.INIT_CWD ?? '', values.out);
  if (out !== undefined && existsSync(out)) {
    throw new UsageError(`${out} exists; it may hold the only copy of earlier codes`);
  }

  const projectId = values.project ?? env.GCLOUD_PROJECT ?? defaultProject(firebaserc);
  if (projectId === undefined) {
    throw new UsageError('No project: pass --project, set GCLOUD_PROJECT or add .firebaserc');
  }
  const demo = projectId.startsWith('demo-');
  // A demo project exists only in the emulators: without the variable, the local ones (npm start).
  const emulator = env.FIRESTORE_EMULATOR_HOST || (demo ? localFirestore : undefined);
  const claimCodeSecret = env.CLAIM_CODE_SECRET === '' ? undefined : env.CLAIM_CODE_SECRET;
  if (claimCodeSecret === undefined && !demo) {
    throw new UsageError(
      `CLAIM_CODE_SECRET is required for ${projectId}: use the value of the functions' CLAIM_CODE_SECRET secret`,
    );
  }
  return {
    model: model.data,
    count,
    out,
    prefix: values.prefix,
    projectId,
    claimCodeSecret,
    emulatorHost: emulator,
    target: emulator ? `the Firestore emulator at ${emulator}` : 'production',
  };
}

function defaultProject(firebaserc: string): string | undefined {
  if (!existsSync(firebaserc)) return undefined;
  const parsed = JSON.parse(readFileSync(firebaserc, 'utf8')) as {
    projects?: { default?: unknown };
  };
  const project = parsed.projects?.default;
  return typeof project === 'string' ? project : undefined;
}

// `npm run test:emulators`: the suites that run on the official Firebase emulators, under
// `firebase emulators:exec` (which starts the emulators, runs the command and stops them).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startFirestoreServer } from '@gadget/local-cloud';
import { exitWithUsageError, parseOptions, UsageError } from './cli/usage-error.ts';
import { ensureEmulatorClaimCodeSecret } from './emulators/claim-secret.ts';
import { javaMajorVersion, javaProblem } from './java-check.ts';
import { PORTABLE_INTEGRATION_TESTS } from './test-emulators-list.ts';

const HELP = `Usage: npm run test:emulators [-- --firestore official|local-cloud]

Runs under \`firebase emulators:exec\` for project demo-gadget:
  - the Firestore conformance suite and the security rules tests, against the official
    Firestore and Storage emulators;
  - the integration tests that need nothing but the emulators (listed in
    scripts/test-emulators-list.ts), against the functions the Functions emulator loaded.
Needs Java 21+ (the Firestore and Storage emulators).

--firestore local-cloud   no Java: only the Auth and Functions emulators, with local-cloud's
                          Firestore in place of the official one; runs the portable
                          integration tests alone (the other suites need the official emulators).
`;

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PROJECT = 'demo-gadget';

let values: { firestore: string; help: boolean };
try {
  values = parseOptions(process.argv.slice(2), {
    firestore: { type: 'string', default: 'official' },
    help: { type: 'boolean', default: false },
  });
  if (values.firestore !== 'official' && values.firestore !== 'local-cloud') {
    throw new UsageError(`--firestore must be official or local-cloud, not ${values.firestore}`);
  }
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'test:emulators');
}
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const official = values.firestore === 'official';
if (official) {
  const problem = javaProblem(javaMajorVersion());
  if (problem !== undefined) {
    process.stderr.write(
      `${problem}\nWithout Java: npm run test:emulators -- --firestore local-cloud\n`,
    );
    process.exit(1);
  }
}

const run = (command: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env }).status ?? 1;

// The Functions emulator loads functions/lib, and claimDevice needs its key.
if (run('npm', ['run', 'build']) !== 0) process.exit(1);
ensureEmulatorClaimCodeSecret(`${ROOT}functions`);

const integration = `npx vitest run --project integration --no-file-parallelism ${PORTABLE_INTEGRATION_TESTS.join(' ')}`;
const env: NodeJS.ProcessEnv = { ...process.env, GADGET_TEST_TARGET: 'emulators' };
let firestore: Awaited<ReturnType<typeof startFirestoreServer>> | undefined;
let only = 'auth,functions,firestore,storage';
let inner = `npm run test:conformance:official && npm run test:rules && ${integration}`;
if (!official) {
  // The Functions emulator hands its own environment to the functions, so they and the tests
  // reach this Firestore through FIRESTORE_EMULATOR_HOST as they would the official one.
  firestore = await startFirestoreServer({ indexesFile: `${ROOT}firestore.indexes.json` });
  env.FIRESTORE_EMULATOR_HOST = firestore.address;
  env.GADGET_EMULATOR_FIRESTORE = 'local-cloud';
  only = 'auth,functions';
  inner = integration;
}
// Asynchronously: with --firestore local-cloud, this process serves Firestore meanwhile.
const exec = spawn(
  'npx',
  ['firebase', 'emulators:exec', '--project', PROJECT, '--only', only, inner],
  { cwd: ROOT, stdio: 'inherit', env },
);
const [code] = (await once(exec, 'exit')) as [number | null];
await firestore?.stop();
process.exit(code ?? 1);

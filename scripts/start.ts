// `npm start`: the whole backend on this machine, offline, on the Emulator Suite's ports, seeded on
// first start and persisted in .local-cloud/ across restarts.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { PortInUseError, startLocalCloud } from '@gadget/local-cloud';
import type { LocalCloud } from '@gadget/local-cloud';
import { describePorts, localPorts } from './local-emulators.ts';
import { printBanner } from './start/banner.ts';
import { seedSummary } from './seed/seed-summary.ts';
import { portConflictMessage } from './start/port-conflict.ts';
import { PRODUCT_FUNCTIONS } from './start/product-functions.ts';
import { rulesFiles } from './start/rules-files.ts';
import { localClaimCodeSecret, seedLocalCloud } from './start/seed-local-cloud.ts';
import { lazyAdminFirestore, reminderJobOwner } from './start/reminder-job-owner.ts';

const PORTS = localPorts();
/** The Emulator Suite UI's port, where the console answers. */
const CONSOLE_PORT = 4000;
const HELP = `Usage: npm start [-- --reset] [-- --no-seed] [-- --no-console] [-- --state-dir DIR]

Builds the functions and the console and starts the backend on local-cloud:
  ${describePorts(PORTS)}.
The ports are firebase.json's emulators.<name>.port (the control API's is emulators.hub.port).
The console (console/, built by npm ci and npm start) is served at http://127.0.0.1:${CONSOLE_PORT}.
The security rules firebase.json names (firestore.rules, storage.rules) decide every client
request, and are reloaded when their files change.
Auth, Firestore and Storage are kept in .local-cloud/ between runs; the push outbox and Cloud
Scheduler's jobs start empty. The seed in emulator-data/seed/ is loaded when there is no saved
state.

  --reset     forget the saved state and start from the seed
  --no-seed   start empty when there is no saved state
  --no-console
              do not serve the console on :${CONSOLE_PORT}
  --state-dir DIR
              keep the state in DIR instead of .local-cloud/
  --help      show this text
`;

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PROJECT_ID = 'demo-gadget';

const { values: args } = parseArgs({
  options: {
    reset: { type: 'boolean', default: false },
    'state-dir': { type: 'string' },
    'no-seed': { type: 'boolean', default: false },
    'no-console': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const STATE_DIR = `${resolve(args['state-dir'] ?? `${ROOT}.local-cloud`)}/`;
if (args.reset) rmSync(STATE_DIR, { recursive: true, force: true });
mkdirSync(`${STATE_DIR}storage`, { recursive: true });
const firestoreState = `${STATE_DIR}firestore.json`;
const authState = `${STATE_DIR}auth.json`;
const restoring = existsSync(firestoreState) && existsSync(authState);

const claimCodeSecret = localClaimCodeSecret(PRODUCT_FUNCTIONS.functionsDir, PROJECT_ID);

let cloud: LocalCloud;
try {
  cloud = await startLocalCloud({
    projectId: PROJECT_ID,
    ports: PORTS,
    storageDir: `${STATE_DIR}storage`,
    functions: PRODUCT_FUNCTIONS,
    indexesFile: `${ROOT}firestore.indexes.json`,
    rules: rulesFiles(ROOT),
    onRulesReload: (file, error) => {
      const name = file.slice(ROOT.length);
      process.stdout.write(
        error
          ? `${name}:${error.message} (the previous rules stay in force)\n`
          : `${name} reloaded\n`,
      );
    },
    functionsEnv: { CLAIM_CODE_SECRET: claimCodeSecret },
    logs: 'inherit',
    // `cloud` exists by the time the console asks: the control API answers only after start.
    seed: () => seedLocalCloud(cloud, `${ROOT}emulator-data/seed`, claimCodeSecret),
    schedulerJobOwner: reminderJobOwner(
      lazyAdminFirestore(PROJECT_ID, () => cloud.firestoreServer.address),
    ),
    ...(args['no-console'] ? {} : { console: { dir: `${ROOT}console/dist`, port: CONSOLE_PORT } }),
  });
} catch (error) {
  const reason =
    error instanceof PortInUseError
      ? portConflictMessage(error, PORTS)
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`\nlocal-cloud could not start: ${reason}\n`);
  process.exit(1);
}

let dataSummary: string;
if (restoring) {
  await cloud.firestoreServer.restore(firestoreState);
  await cloud.authServer.restore(authState);
  dataSummary =
    'restored the state saved in .local-cloud/ (npm start -- --reset starts from the seed)';
} else if (args['no-seed']) {
  dataSummary = 'started empty (--no-seed)';
} else {
  const report = await seedLocalCloud(cloud, `${ROOT}emulator-data/seed`, claimCodeSecret);
  dataSummary = seedSummary(report);
}

// The local Cloud Scheduler's clock fires the scheduled functions and the users' reminder jobs.
const stopSchedulerClock = cloud.schedulerServer.startClock();
printBanner(cloud, dataSummary, cloud.schedulerServer.describeFunctionSchedules(), STATE_DIR);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: saving state to ${STATE_DIR} and stopping…\n`);
  stopSchedulerClock();
  try {
    await cloud.idle();
    await cloud.firestoreServer.snapshot(firestoreState);
    await cloud.authServer.snapshot(authState);
  } catch (error) {
    process.stderr.write(
      `Could not save the state: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  } finally {
    await cloud.stop().catch(() => undefined);
  }
  process.stdout.write('Stopped.\n');
  process.exit();
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

// `npm start`: the whole backend on this machine, offline, on the Emulator Suite's ports, seeded on
// first start and persisted in .local-cloud/ across restarts.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PortInUseError, startLocalCloud } from '@gadget/local-cloud';
import type { LocalCloud } from '@gadget/local-cloud';
import { exitWithUsageError, parseOptions, UsageError } from './cli/usage-error.ts';
import { npmTookVerbose } from './cli/npm-options.ts';
import { describePorts, localPorts, singleProjectMode } from './local-emulators.ts';
import {
  accessOptions,
  ALLOWED_HOSTS_VARIABLE,
  ALLOWED_ORIGINS_VARIABLE,
} from './start/access-options.ts';
import { printBanner } from './start/banner.ts';
import { demoGadgets } from './start/demo-gadgets.ts';
import { readSeed } from './seed/seed-files.ts';
import { seedSummary } from './seed/seed-summary.ts';
import { portConflictMessage } from './start/port-conflict.ts';
import { PRODUCT_FUNCTIONS } from './start/product-functions.ts';
import { rulesFiles } from './start/rules-files.ts';
import { localClaimCodeSecret, seedLocalCloud } from './start/seed-local-cloud.ts';
import { lazyAdminFirestore, reminderJobOwner } from './start/reminder-job-owner.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PROJECT_ID = 'demo-gadget';
const PORTS = localPorts();
const SINGLE_PROJECT = singleProjectMode();
/** The Emulator Suite UI's port, where the console answers. */
const CONSOLE_PORT = 4000;
const HELP = `Usage: npm start [-- --reset] [-- --no-seed] [-- --no-console] [-- --state-dir DIR]
                 [-- --verbose] [-- --allow-host NAME]... [-- --allow-origin ORIGIN]...

Builds the functions and the console and starts the backend on local-cloud:
  ${describePorts(PORTS)}.
The ports are firebase.json's emulators.<name>.port (the control API's is emulators.hub.port).
The console (console/, built by npm ci and npm start) is served at http://127.0.0.1:${CONSOLE_PORT}.
The security rules firebase.json names (firestore.rules, storage.rules) decide every client
request, and are reloaded when their files change.
Auth, Firestore and Storage are kept in .local-cloud/ between runs; the push outbox and Cloud
Scheduler's jobs start empty. The seed in emulator-data/seed/ is loaded when there is no saved
state.
With firebase.json's emulators.singleProjectMode on (unless false), only project ${PROJECT_ID} is
served: a request naming another project (an app configured with its production project id) is
refused with an error naming ${PROJECT_ID}, and the terminal says so.
Options go after \`--\`: npm keeps \`npm start --reset\` for itself, and npm start refuses to run
then, saying what to type.
Every service answers requests addressed to localhost, 127.0.0.1 or [::1] only, and web pages
from those names only (any port): a page from anywhere else, or a request for another name (DNS
rebinding), is refused with 403.

  --reset     forget the saved state and start from the seed
  --no-seed   start empty when there is no saved state
  --no-console
              do not serve the console on :${CONSOLE_PORT}
  --state-dir DIR
              keep the state in DIR instead of .local-cloud/
  --verbose   print every line the functions log; without it, one line per invocation (all
              lines are on the console's Logs page either way)
  --allow-host NAME
              also answer requests addressed to NAME (a host name or IP address, no port),
              and pages served from it; repeat for more ($${ALLOWED_HOSTS_VARIABLE},
              comma-separated, adds to them)
  --allow-origin ORIGIN
              also let pages from ORIGIN call the services (e.g. http://192.168.1.20:5173);
              repeat for more ($${ALLOWED_ORIGINS_VARIABLE}, comma-separated, adds to them)
  --help      show this text
`;

let args: ReturnType<typeof parseStartOptions>;
try {
  args = parseStartOptions();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'start');
}
if (npmTookVerbose(process.env) && !args.verbose) {
  process.stderr.write(
    'npm took --verbose as its own log level; npm start -- --verbose prints every line the functions log.\n',
  );
}
if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

let access: ReturnType<typeof accessOptions>;
try {
  access = accessOptions({ hosts: args['allow-host'], origins: args['allow-origin'] }, process.env);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'start');
}

const STATE_DIR = `${resolve(args['state-dir'] ?? `${ROOT}.local-cloud`)}/`;
if (args.reset) rmSync(STATE_DIR, { recursive: true, force: true });
mkdirSync(`${STATE_DIR}storage`, { recursive: true });
const firestoreState = `${STATE_DIR}firestore.json`;
const authState = `${STATE_DIR}auth.json`;
const restoring = existsSync(firestoreState) && existsSync(authState);

const claimCodeSecret = localClaimCodeSecret(PRODUCT_FUNCTIONS.functionsDir, PROJECT_ID);

let cloud: LocalCloud;
// `cloud` exists by the time it is first used: by the console, or the banner.
const adminFirestore = lazyAdminFirestore(PROJECT_ID, () => cloud.firestoreServer.address);
try {
  cloud = await startLocalCloud({
    projectId: PROJECT_ID,
    ports: PORTS,
    ...access,
    storageDir: `${STATE_DIR}storage`,
    functions: PRODUCT_FUNCTIONS,
    indexesFile: `${ROOT}firestore.indexes.json`,
    rules: rulesFiles(ROOT),
    onRulesReload: (file, error) => {
      const name = file.slice(ROOT.length);
      // A syntax error starts with its line:column, which follows the file name as compilers print
      // it; any other error (a deleted or unreadable file) reads after a space.
      const where = error && /^\d+:\d+: /.test(error.message) ? `${name}:` : `${name}: `;
      process.stdout.write(
        error
          ? `${where}${error.message} (the previous rules stay in force)\n`
          : `${name} reloaded\n`,
      );
    },
    functionsEnv: { CLAIM_CODE_SECRET: claimCodeSecret },
    logs: args.verbose ? 'inherit' : 'invocations',
    singleProjectMode: SINGLE_PROJECT,
    // `cloud` exists by the time the console asks: the control API answers only after start.
    seed: () => seedLocalCloud(cloud, `${ROOT}emulator-data/seed`, claimCodeSecret),
    schedulerJobOwner: reminderJobOwner(adminFirestore),
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
const seed = readSeed(`${ROOT}emulator-data/seed`);
printBanner(cloud, {
  dataSummary,
  schedules: cloud.schedulerServer.describeFunctionSchedules(),
  stateDir: STATE_DIR,
  demo: {
    // The seed's users still there (none after --no-seed, or once deleted).
    users: seed.users.filter(
      (user) => cloud.authServer.describeUser(PROJECT_ID, user.uid) !== undefined,
    ),
    gadgets: await demoGadgets(adminFirestore(), seed.registry),
  },
  verbose: args.verbose,
  singleProject: SINGLE_PROJECT,
});

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
    await cloud.stop().catch((error: unknown) => {
      process.stderr.write(
        `Could not stop everything: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    });
  }
  process.stdout.write('Stopped.\n');
  process.exit();
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

function parseStartOptions() {
  return parseOptions(process.argv.slice(2), {
    reset: { type: 'boolean', default: false },
    'state-dir': { type: 'string' },
    'no-seed': { type: 'boolean', default: false },
    'no-console': { type: 'boolean', default: false },
    'allow-host': { type: 'string', multiple: true },
    'allow-origin': { type: 'string', multiple: true },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  });
}

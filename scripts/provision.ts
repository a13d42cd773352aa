// `npm run provision -- --model thermo-1 --count 100 --out codes.csv`: new deviceRegistry entries
// for a production run, each claim code and private key printed once. See --help.
import { fileURLToPath } from 'node:url';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { exitWithUsageError } from './cli/usage-error.ts';
import { LOCAL_HOST, localPorts } from './local-emulators.ts';
import { PROVISION_HELP, UsageError, parseProvisionCommand } from './provision/cli-options.ts';
import type { ProvisionCommand } from './provision/cli-options.ts';
import { createCodesFile, csvRows, CODES_CSV_HEADER } from './provision/codes-csv.ts';
import type { CodesSink } from './provision/codes-csv.ts';
import { provisionDevices } from './provision/provision-devices.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

let command: ProvisionCommand | 'help';
try {
  command = parseProvisionCommand(
    process.argv.slice(2),
    process.env,
    `${ROOT}.firebaserc`,
    `${LOCAL_HOST}:${String(localPorts().firestore)}`,
  );
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'provision');
}
if (command === 'help') {
  process.stdout.write(PROVISION_HELP);
  process.exit(0);
}

// Without --out the CSV is the output, so everything else goes to stderr.
const report = (line: string) =>
  (command.out === undefined ? process.stderr : process.stdout).write(`${line}\n`);
let claimCodeSecret = command.claimCodeSecret;
if (claimCodeSecret === undefined) {
  // Loaded only here: it brings local-cloud along, which production runs do not need.
  const { localClaimCodeSecret } = await import('./start/seed-local-cloud.ts');
  claimCodeSecret = localClaimCodeSecret(`${ROOT}functions`, command.projectId);
  report(`CLAIM_CODE_SECRET is not set: hashing with the local demo key of ${command.projectId}`);
}
if (command.emulatorHost !== undefined) {
  process.env.FIRESTORE_EMULATOR_HOST = command.emulatorHost;
  process.env.METADATA_SERVER_DETECTION ??= 'none';
}

const sink: CodesSink =
  command.out === undefined
    ? {
        write: (devices) => process.stdout.write(csvRows(devices)),
        close: () => undefined,
      }
    : createCodesFile(command.out);
if (command.out === undefined) process.stdout.write(`${CODES_CSV_HEADER}\n`);

const app = initializeApp({ projectId: command.projectId }, 'provision');
let provisioned = 0;
try {
  const result = await provisionDevices(getFirestore(app), {
    model: command.model,
    count: command.count,
    prefix: command.prefix,
    claimCodeSecret,
    onProvisioned: (devices) => {
      sink.write(devices);
      provisioned += devices.length;
    },
  });
  report(
    `Provisioned ${result.provisioned} ${command.model} device(s) in ${command.projectId} (${command.target})` +
      (command.out === undefined ? '.' : `; claim codes and keys in ${command.out}.`) +
      ' The codes and private keys exist nowhere else: print the labels and flash the keys, then' +
      ' keep the file offline or destroy it.',
  );
} catch (error) {
  process.stderr.write(
    `Provisioning stopped after ${provisioned} of ${command.count} device(s): ${error instanceof Error ? error.message : String(error)}\n` +
      (provisioned > 0
        ? `The codes and keys of the ${provisioned} created are in the output.\n`
        : ''),
  );
  process.exitCode = 1;
} finally {
  sink.close();
  await deleteApp(app);
}

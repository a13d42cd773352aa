// `npm run firmware:rollout -- create --model thermo-1 --version 1.4.0 --stages 1,5,25,100`, and
// pause, resume, abort and status: a release's staged rollout to a model's gadgets. See --help.
import { getFirestore } from 'firebase-admin/firestore';
import { exitWithUsageError, UsageError } from './cli/usage-error.ts';
import { firmwareAdminApp } from './firmware/admin-app.ts';
import { createRollout } from './firmware/rollout-create.ts';
import { FIRMWARE_ROLLOUT_HELP, parseFirmwareRolloutCommand } from './firmware/rollout-options.ts';
import type { FirmwareRolloutCommand } from './firmware/rollout-options.ts';
import { formatRolloutStatus, rolloutStatus } from './firmware/rollout-status.ts';
import { moveRollout } from './firmware/rollout-transitions.ts';

let command: FirmwareRolloutCommand | 'help';
try {
  command = parseFirmwareRolloutCommand(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'firmware:rollout');
}
if (command === 'help') {
  process.stdout.write(FIRMWARE_ROLLOUT_HELP);
  process.exit(0);
}

const { app, close } = await firmwareAdminApp(command.projectId, { storage: false });
const firestore = getFirestore(app);
try {
  if (command.action === 'create') {
    const { id, rollout } = await createRollout(firestore, command);
    // The id alone on stdout, for `id=$(npm run -s firmware:rollout -- create ...)`.
    process.stdout.write(`${id}\n`);
    process.stderr.write(
      `Rollout of ${rollout.model} ${rollout.version} created, active at its first stage, ${String(rollout.stages[0])}% of the gadgets.\n`,
    );
  } else if (command.action === 'status') {
    process.stdout.write(formatRolloutStatus(await rolloutStatus(firestore, command.target)));
  } else {
    const rollout = await moveRollout(firestore, command.rolloutId, command.action);
    process.stdout.write(`Rollout ${command.rolloutId} is ${rollout.state}.\n`);
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await close();
}

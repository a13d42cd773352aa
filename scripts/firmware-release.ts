// `npm run firmware:release -- --model thermo-1 --version 1.4.0 [--project <id>]`: records the
// latest firmware of a model (`models/{model}`); devices reporting an older version are then marked
// `status.firmware.updateAvailable` on their next report.
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { exitWithUsageError, UsageError } from './cli/usage-error.ts';
import { FIRMWARE_RELEASE_HELP, parseFirmwareReleaseCommand } from './firmware/cli-options.ts';
import type { FirmwareReleaseCommand } from './firmware/cli-options.ts';
import { releaseFirmware } from './firmware/release-firmware.ts';
import { useLocalEmulators } from './local-emulators.ts';

let command: FirmwareReleaseCommand | 'help';
try {
  command = parseFirmwareReleaseCommand(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'firmware:release');
}
if (command === 'help') {
  process.stdout.write(FIRMWARE_RELEASE_HELP);
  process.exit(0);
}
// demo- projects exist only in the emulators.
if (command.projectId.startsWith('demo-')) useLocalEmulators();

try {
  const firestore = getFirestore(initializeApp({ projectId: command.projectId }));
  const { outcome, latest } = await releaseFirmware(firestore, {
    model: command.model,
    version: command.version,
  });
  const messages = {
    released: `Released ${command.model} firmware ${latest} in ${command.projectId}.\n`,
    'already-latest': `${command.model} firmware ${latest} was already the latest; nothing changed.\n`,
    'older-than-latest': `Refused: ${command.model} already has ${latest}, newer than ${command.version}.\n`,
  } as const;
  process.stdout.write(messages[outcome]);
  process.exit(outcome === 'older-than-latest' ? 1 : 0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

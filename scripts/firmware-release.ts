// `npm run firmware:release -- --model thermo-1 --version 1.4.0 [--project <id>]`: records the
// latest firmware of a model (`models/{model}`); devices reporting an older version are then marked
// `status.firmware.updateAvailable` on their next report.
import { parseArgs } from 'node:util';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { releaseFirmware } from './firmware/release-firmware.ts';

const HELP = `Usage: npm run firmware:release -- --model <model> --version <x.y.z> [--project <id>]

Records <x.y.z> as the latest firmware of <model>. demo- projects (the default, demo-gadget) go
to the emulators (FIRESTORE_EMULATOR_HOST, else 127.0.0.1:8080); other projects use Application
Default Credentials (gcloud auth application-default login). An older version than the recorded
one is refused.
`;

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    version: { type: 'string' },
    project: { type: 'string', default: 'demo-gadget' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || values.model === undefined || values.version === undefined) {
  process.stdout.write(HELP);
  process.exit(values.help ? 0 : 1);
}
if (values.project.startsWith('demo-')) {
  process.env.FIRESTORE_EMULATOR_HOST ??= '127.0.0.1:8080';
  process.env.METADATA_SERVER_DETECTION ??= 'none';
}

try {
  const firestore = getFirestore(initializeApp({ projectId: values.project }));
  const { outcome, latest } = await releaseFirmware(firestore, {
    model: values.model,
    version: values.version,
  });
  const messages = {
    released: `Released ${values.model} firmware ${latest} in ${values.project}.\n`,
    'already-latest': `${values.model} firmware ${latest} was already the latest; nothing changed.\n`,
    'older-than-latest': `Refused: ${values.model} already has ${latest}, newer than ${values.version}.\n`,
  } as const;
  process.stdout.write(messages[outcome]);
  process.exit(outcome === 'older-than-latest' ? 1 : 0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

// `npm run seed`: writes emulator-data/seed/ through firebase-admin into whichever emulators are
// running (the official Emulator Suite or local-cloud). Emulator projects only.
import { fileURLToPath } from 'node:url';
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import { readSeed } from './seed/seed-files.ts';
import { seedBackend } from './seed/seed-backend.ts';
import { seedSummary } from './seed/seed-summary.ts';
import { exitWithUsageError, parseOptions, UsageError } from './cli/usage-error.ts';
import { useLocalEmulators } from './local-emulators.ts';
import { localClaimCodeSecret } from './start/seed-local-cloud.ts';

const HELP = `Usage: npm run seed [-- --project demo-gadget]

Loads emulator-data/seed/ into the running emulators through firebase-admin, adding only what
is absent: users, push tokens and registry entries already there are kept as they are, and so
is the device of a registry entry already there (claimed, released or not). Points at
FIRESTORE_EMULATOR_HOST and FIREBASE_AUTH_EMULATOR_HOST when set, else at npm start's ports in
firebase.json. Refuses projects not starting with demo-.
`;

const ROOT = fileURLToPath(new URL('../', import.meta.url));
let values: ReturnType<typeof parseSeedOptions>;
try {
  values = parseSeedOptions();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'seed');
}
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (!values.project.startsWith('demo-')) {
  process.stderr.write(
    `Refusing to seed ${values.project}: only demo- projects (emulators) are seeded.\n`,
  );
  process.exit(1);
}
useLocalEmulators();

const app = initializeApp({ projectId: values.project });
const report = await seedBackend(
  { firestore: getFirestore(app), auth: getAuth(app) },
  readSeed(`${ROOT}emulator-data/seed`),
  { claimCodeSecret: localClaimCodeSecret(`${ROOT}functions`, values.project) },
);
process.stdout.write(`${values.project}: ${seedSummary(report)}.\n`);
process.exit(0);

function parseSeedOptions() {
  return parseOptions(process.argv.slice(2), {
    project: { type: 'string', default: 'demo-gadget' },
    help: { type: 'boolean', default: false },
  });
}

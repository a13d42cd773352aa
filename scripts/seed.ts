// `npm run seed`: writes emulator-data/seed/ through firebase-admin into whichever emulators are
// running (the official Emulator Suite or local-cloud). Emulator projects only.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import { readSeed } from './seed/seed-files.ts';
import { seedBackend } from './seed/seed-backend.ts';
import { localClaimCodeSecret } from './start/seed-local-cloud.ts';

const HELP = `Usage: npm run seed [-- --project demo-gadget]

Loads emulator-data/seed/ into the running emulators through firebase-admin. Points at
FIRESTORE_EMULATOR_HOST and FIREBASE_AUTH_EMULATOR_HOST when set, else at 127.0.0.1:8080
and 127.0.0.1:9099 (the Emulator Suite's ports). Refuses projects not starting with demo-.
`;

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: {
    project: { type: 'string', default: 'demo-gadget' },
    help: { type: 'boolean', default: false },
  },
});
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
process.env.FIRESTORE_EMULATOR_HOST ??= '127.0.0.1:8080';
process.env.FIREBASE_AUTH_EMULATOR_HOST ??= '127.0.0.1:9099';
process.env.METADATA_SERVER_DETECTION ??= 'none';

const app = initializeApp({ projectId: values.project });
const report = await seedBackend(
  { firestore: getFirestore(app), auth: getAuth(app) },
  readSeed(`${ROOT}emulator-data/seed`),
  { claimCodeSecret: localClaimCodeSecret(`${ROOT}functions`, values.project) },
);
process.stdout.write(
  `Seeded ${values.project}: ${String(report.users)} user(s), ${String(report.registryEntries)} registry entries, ${String(report.devices)} device(s), ${String(report.readings)} readings.\n`,
);
process.exit(0);

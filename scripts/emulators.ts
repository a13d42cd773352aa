// `npm run emulators`: the official Firebase Emulator Suite (auth, functions, firestore, storage)
// with the state exported to emulator-data/ on exit and imported on the next start. The first start
// (no export yet) loads the seed through `npm run seed` once the emulators answer.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exitWithUsageError, parseOptions, UsageError } from './cli/usage-error.ts';
import { ensureEmulatorClaimCodeSecret } from './emulators/claim-secret.ts';
import { javaMajorVersion, javaProblem } from './java-check.ts';

const HELP = `Usage: npm run emulators

Starts the official Firebase Emulator Suite (Auth 9099, Functions 5001, Firestore 8080,
Storage 9199) for project demo-gadget. Needs Java 21+; npm start needs no Java.
State is imported from and exported to emulator-data/; on the first start the seed in
emulator-data/seed/ is loaded with npm run seed.
`;

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const EXPORT_METADATA = `${ROOT}emulator-data/firebase-export-metadata.json`;

let help: boolean;
try {
  ({ help } = parseOptions(process.argv.slice(2), { help: { type: 'boolean', default: false } }));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'emulators');
}
if (help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const problem = javaProblem(javaMajorVersion());
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}

// The emulated claimDevice and `npm run seed` must hash claim codes with the same key.
ensureEmulatorClaimCodeSecret(`${ROOT}functions`);

const hasExport = existsSync(EXPORT_METADATA);
const args = [
  'firebase',
  'emulators:start',
  '--project',
  'demo-gadget',
  '--only',
  'auth,functions,firestore,storage',
  '--export-on-exit',
  'emulator-data',
  ...(hasExport ? ['--import', 'emulator-data'] : []),
];
const emulators = spawn('npx', args, { cwd: ROOT, stdio: 'inherit' });
process.on('SIGINT', () => {
  emulators.kill('SIGINT');
});
emulators.on('exit', (code) => process.exit(code ?? 0));

if (!hasExport) {
  await waitForFirestore();
  const seed = spawn('npm', ['run', 'seed'], { cwd: ROOT, stdio: 'inherit' });
  seed.on('exit', (code) => {
    if (code !== 0) process.stderr.write('Seeding failed; the emulators keep running.\n');
  });
}

async function waitForFirestore(): Promise<void> {
  for (;;) {
    try {
      const response = await fetch('http://127.0.0.1:8080/');
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// `npm run maintenance -- [--dry-run] [--task name]... [--max-pages n]`: the nightly maintenance job,
// run by hand against the emulators (demo- projects) or a real project with application
// credentials. See --help.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { runMaintenance } from '../functions/src/for-scripts/maintenance.ts';
import { defaultBucketName, NoDefaultBucketError } from './cli/storage-bucket.ts';
import { exitWithUsageError, UsageError } from './cli/usage-error.ts';
import { useLocalEmulators } from './local-emulators.ts';
import { MAINTENANCE_HELP, parseMaintenanceCommand } from './maintenance/cli-options.ts';
import type { MaintenanceCommand } from './maintenance/cli-options.ts';
import { countsPhrase, progressReporter } from './maintenance/progress.ts';

let command: MaintenanceCommand | 'help';
try {
  command = parseMaintenanceCommand(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'maintenance');
}
if (command === 'help') {
  process.stdout.write(MAINTENANCE_HELP);
  process.exit(0);
}

const projectId = process.env.GCLOUD_PROJECT ?? defaultProject();
// demo- projects exist only in the emulators; a FIRESTORE_EMULATOR_HOST set by hand means them too.
// Schedules are then reconciled with local-cloud's Cloud Scheduler (npm start).
const emulated =
  projectId.startsWith('demo-') || (process.env.FIRESTORE_EMULATOR_HOST ?? '') !== '';
if (emulated) useLocalEmulators();
let storageBucket: string;
try {
  // storageObjects deletes in the default bucket, whose name depends on when it was created.
  storageBucket = await defaultBucketName(projectId, emulated);
} catch (error) {
  if (!(error instanceof NoDefaultBucketError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
const app = initializeApp({ projectId, storageBucket });

const { dryRun, maxPages } = command;
const now = new Date();
process.stdout.write(`${dryRun ? 'Dry run' : 'Run'} of nightly maintenance on ${projectId}\n`);
const progress = progressReporter(command.tasks, dryRun);
try {
  const result = await runMaintenance({
    now,
    deadline: new Date(now.getTime() + command.minutes * 60_000),
    dryRun,
    tasks: command.tasks,
    ...(maxPages === undefined ? {} : { maxPagesPerRun: maxPages }),
    holder: `manual-${String(process.pid)}`,
    onPage: (task, counts) => {
      progress.page(task, counts);
    },
  });
  progress.done();
  if (!result.ran) {
    process.stdout.write(
      `Another run holds the lease (${result.heldBy.holder}, until ${result.heldBy.expiresAt.toISOString()}); nothing done.\n`,
    );
    process.exitCode = 1;
  } else {
    for (const [task, outcome] of Object.entries(result.tasks)) {
      const state =
        outcome.error !== undefined
          ? `FAILED: ${outcome.error}`
          : outcome.skipped !== undefined
            ? `skipped: ${outcome.skipped}`
            : outcome.backlog
              ? 'stopped with work left (the next run resumes)'
              : 'done';
      process.stdout.write(`${task}: ${countsPhrase(outcome, dryRun)}; ${state}\n`);
      if (outcome.error !== undefined) process.exitCode = 1;
    }
    process.stdout.write(`Finished in ${String(result.durationMs)} ms\n`);
  }
} finally {
  await deleteApp(app);
}

function defaultProject(): string {
  const rc = JSON.parse(
    readFileSync(fileURLToPath(new URL('../.firebaserc', import.meta.url)), 'utf8'),
  ) as { projects?: { default?: string } };
  return rc.projects?.default ?? 'demo-gadget';
}

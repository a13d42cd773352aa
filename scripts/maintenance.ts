// `npm run maintenance -- [--dry-run] [--task name]... [--max-pages n]`: the nightly maintenance job,
// run by hand against the configured backend (the emulators when FIRESTORE_EMULATOR_HOST and the
// others are set, else the project of GCLOUD_PROJECT or .firebaserc with application credentials).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { runMaintenance } from '../functions/src/services/maintenance/runner.ts';
import { MAINTENANCE_TASK_NAMES } from '../functions/src/services/maintenance/tasks.ts';
import { progressReporter } from './maintenance/progress.ts';

const HELP = `npm run maintenance -- [--dry-run] [--task name]... [--max-pages n] [--minutes n]

Against the emulators when FIRESTORE_EMULATOR_HOST (and FIREBASE_AUTH_EMULATOR_HOST,
FIREBASE_STORAGE_EMULATOR_HOST) are set; Cloud Scheduler is then local-cloud's on
127.0.0.1:8095 unless LOCAL_CLOUD_SCHEDULER_ENDPOINT says otherwise. Otherwise the project of
GCLOUD_PROJECT or .firebaserc, with application default credentials.

  --dry-run      count what would be deleted or fixed; change nothing
  --task name    run only this task (repeatable): ${MAINTENANCE_TASK_NAMES.join(', ')}
  --max-pages n  at most n pages per task; the next run resumes where this one stopped
  --minutes n    stop starting pages after n minutes (default 30)
`;

const { values } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    task: { type: 'string', multiple: true },
    'max-pages': { type: 'string' },
    minutes: { type: 'string', default: '30' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const projectId = process.env.GCLOUD_PROJECT ?? defaultProject();
if (process.env.FIRESTORE_EMULATOR_HOST) {
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  // Against emulators, schedules are reconciled with local-cloud's Cloud Scheduler (npm start).
  process.env.LOCAL_CLOUD_SCHEDULER_ENDPOINT ??= '127.0.0.1:8095';
}
const app = initializeApp({
  projectId,
  storageBucket: process.env.STORAGE_BUCKET ?? `${projectId}.appspot.com`,
});

const dryRun = values['dry-run'];
const now = new Date();
const maxPages = values['max-pages'] === undefined ? undefined : Number(values['max-pages']);
process.stdout.write(`${dryRun ? 'Dry run' : 'Run'} of nightly maintenance on ${projectId}\n`);
const progress = progressReporter(values.task ?? MAINTENANCE_TASK_NAMES);
try {
  const result = await runMaintenance({
    now,
    deadline: new Date(now.getTime() + Number(values.minutes) * 60_000),
    dryRun,
    ...(values.task === undefined ? {} : { tasks: values.task }),
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
    const verb = dryRun ? 'would be' : 'were';
    for (const [task, outcome] of Object.entries(result.tasks)) {
      const state =
        outcome.error !== undefined
          ? `FAILED: ${outcome.error}`
          : outcome.skipped !== undefined
            ? `skipped: ${outcome.skipped}`
            : outcome.backlog
              ? 'stopped with work left (the next run resumes)'
              : 'done';
      process.stdout.write(
        `${task}: ${String(outcome.deleted)} ${verb} deleted, ${String(outcome.fixed)} ${verb} fixed; ${state}\n`,
      );
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

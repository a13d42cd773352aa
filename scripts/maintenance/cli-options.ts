import { MAINTENANCE_TASK_NAMES } from '../../functions/src/for-scripts/maintenance.ts';
import { parseOptions, UsageError } from '../cli/usage-error.ts';

export const MAINTENANCE_HELP = `Usage: npm run maintenance -- [--dry-run] [--task NAME]... [--max-pages N] [--minutes N]

Runs the nightly maintenance job now. demo- projects (.firebaserc's default, demo-gadget) go to
the emulators: FIRESTORE_EMULATOR_HOST, FIREBASE_AUTH_EMULATOR_HOST,
FIREBASE_STORAGE_EMULATOR_HOST and LOCAL_CLOUD_SCHEDULER_ENDPOINT when set, else npm start's
ports in firebase.json. Other projects (GCLOUD_PROJECT, else .firebaserc) use Application Default
Credentials, and so does a run with FIRESTORE_EMULATOR_HOST set for a non-demo project, against
those emulators. The bucket storageObjects cleans is STORAGE_BUCKET, else the project's default
bucket: PROJECT.firebasestorage.app (created since October 30, 2024) or PROJECT.appspot.com,
whichever exists (in the emulators, PROJECT.appspot.com).

  --dry-run      count what would be deleted or fixed; change nothing
  --task NAME    run only this task (repeatable): ${MAINTENANCE_TASK_NAMES.join(', ')}
  --max-pages N  at most N pages per task; the next run resumes where this one stopped
  --minutes N    stop starting pages after N minutes (default 30)
  --help         show this text
`;

export interface MaintenanceCommand {
  readonly dryRun: boolean;
  /** The tasks to run, in the job's order; every task when --task is not given. */
  readonly tasks: readonly string[];
  readonly maxPages: number | undefined;
  readonly minutes: number;
}

/** The command line as a maintenance run, or a UsageError saying, in one line, what is wrong. */
export function parseMaintenanceCommand(argv: readonly string[]): MaintenanceCommand | 'help' {
  const values = parseOptions(argv, {
    'dry-run': { type: 'boolean', default: false },
    task: { type: 'string', multiple: true },
    'max-pages': { type: 'string' },
    minutes: { type: 'string', default: '30' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) return 'help';
  const unknown = (values.task ?? []).filter((task) => !MAINTENANCE_TASK_NAMES.includes(task));
  if (unknown.length > 0) {
    throw new UsageError(
      `--task ${unknown.join(', ')} is not a task; the tasks are ${MAINTENANCE_TASK_NAMES.join(', ')}`,
    );
  }
  const maxPages = values['max-pages'];
  if (maxPages !== undefined && !/^[1-9]\d*$/.test(maxPages)) {
    throw new UsageError('--max-pages must be a whole number from 1');
  }
  if (!/^[1-9]\d*$/.test(values.minutes)) {
    throw new UsageError('--minutes must be a whole number from 1');
  }
  const tasks =
    values.task === undefined
      ? MAINTENANCE_TASK_NAMES
      : MAINTENANCE_TASK_NAMES.filter((task) => values.task?.includes(task));
  return {
    dryRun: values['dry-run'],
    tasks,
    maxPages: maxPages === undefined ? undefined : Number(maxPages),
    minutes: Number(values.minutes),
  };
}

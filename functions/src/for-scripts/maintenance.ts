// What `npm run maintenance` runs: the nightly job's runner and its task names, so a run by hand
// does exactly what `nightlyMaintenance` does.
export { MAINTENANCE_TASK_NAMES } from '../services/maintenance/tasks.ts';
export { runMaintenance } from '../services/maintenance/runner.ts';

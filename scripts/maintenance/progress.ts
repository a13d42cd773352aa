/**
 * What `npm run maintenance` shows while it works: on a terminal, one line redrawn in place with a
 * bar of the tasks done so far; elsewhere (CI logs, files) a line for each later page of a task
 * that changed its counts. A task whose counts never grow after its first page (most runs, every
 * page of nothing) then has one line only, its summary.
 */
export interface Progress {
  page(task: string, counts: TaskCounts): void;
  done(): void;
}

export interface TaskCounts {
  readonly deleted: number;
  readonly fixed: number;
}

const BAR_WIDTH = 24;

/** `3 deleted, 0 fixed`, or in a dry run `would delete 3, would fix 0`: nothing was changed. */
export function countsPhrase(counts: TaskCounts, dryRun: boolean): string {
  return dryRun
    ? `would delete ${String(counts.deleted)}, would fix ${String(counts.fixed)}`
    : `${String(counts.deleted)} deleted, ${String(counts.fixed)} fixed`;
}

export function progressReporter(
  tasks: readonly string[],
  dryRun: boolean,
  out: NodeJS.WriteStream = process.stdout,
): Progress {
  if (!out.isTTY) {
    const seen = new Map<string, { pages: number; deleted: number; fixed: number }>();
    return {
      page: (task, counts) => {
        const last = seen.get(task);
        const pages = (last?.pages ?? 0) + 1;
        seen.set(task, { pages, deleted: counts.deleted, fixed: counts.fixed });
        if (
          last !== undefined &&
          (counts.deleted !== last.deleted || counts.fixed !== last.fixed)
        ) {
          out.write(`  ${task}, page ${String(pages)}: ${countsPhrase(counts, dryRun)} so far\n`);
        }
      },
      done: () => undefined,
    };
  }
  return {
    page: (task, counts) => {
      out.write(`\r\x1b[2K${renderBar(tasks, task, counts, dryRun)}`);
    },
    done: () => {
      out.write('\r\x1b[2K');
    },
  };
}

/** `[#########---------------] 3/8 storageObjects: 120 deleted, 2 fixed` */
export function renderBar(
  tasks: readonly string[],
  task: string,
  counts: TaskCounts,
  dryRun: boolean,
): string {
  const index = Math.max(tasks.indexOf(task), 0);
  const filled = Math.round((index / Math.max(tasks.length, 1)) * BAR_WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
  return `[${bar}] ${String(index + 1)}/${String(tasks.length)} ${task}: ${countsPhrase(counts, dryRun)}`;
}

/**
 * What `npm run maintenance` shows while it works: on a terminal, one line redrawn in place with a
 * bar of the tasks done so far; elsewhere (CI logs, files) a plain line per page.
 */
export interface Progress {
  page(task: string, counts: { deleted: number; fixed: number }): void;
  done(): void;
}

const BAR_WIDTH = 24;

export function progressReporter(
  tasks: readonly string[],
  out: NodeJS.WriteStream = process.stdout,
): Progress {
  if (!out.isTTY) {
    return {
      page: (task, counts) => {
        out.write(`  ${task}: ${String(counts.deleted)} deleted, ${String(counts.fixed)} fixed\n`);
      },
      done: () => undefined,
    };
  }
  return {
    page: (task, counts) => {
      out.write(`\r\x1b[2K${renderBar(tasks, task, counts)}`);
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
  counts: { deleted: number; fixed: number },
): string {
  const index = Math.max(tasks.indexOf(task), 0);
  const filled = Math.round((index / Math.max(tasks.length, 1)) * BAR_WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
  return `[${bar}] ${String(index + 1)}/${String(tasks.length)} ${task}: ${String(counts.deleted)} deleted, ${String(counts.fixed)} fixed`;
}

// With `logs: 'invocations'` a terminal gets one line per finished invocation instead of every line
// the functions print: firebase-functions alone writes a DEBUG line for each callable request, and a
// running app soon scrolls away whatever the embedding program printed at start. The lines
// themselves still reach the observer (the console's Logs page).
import type { RuntimeInvocation, RuntimeLog } from './protocol.ts';

/** `14:03:07 claimDevice 404 (38 ms)`; an event function's `ok` or `failed: why`. */
export function invocationLine(report: RuntimeInvocation): string {
  const time = new Date(report.time).toTimeString().slice(0, 8);
  const took = `(${String(Math.round(report.durationMs))} ms)`;
  if (report.status !== undefined) return `${time} ${report.name} ${String(report.status)} ${took}`;
  if (report.ok) return `${time} ${report.name} ok ${took}`;
  const why = (report.error ?? '').split('\n')[0] ?? '';
  return `${time} ${report.name} failed ${took}${why === '' ? '' : `: ${why}`}`;
}

/**
 * What the terminal shows of one report: the invocation's line, or a line printed outside any
 * invocation (while the bundle loads, say), which no invocation line would stand for.
 */
export function terminalLineOf(report: RuntimeLog | RuntimeInvocation): string | undefined {
  if (report.type === 'invoked') return invocationLine(report);
  return report.name === null ? report.text : undefined;
}

/** The last `max` lines of a stream, for when the process writing it dies. */
export class OutputTail {
  readonly #lines: string[] = [];
  #partial = '';
  readonly #max: number;

  constructor(max = 40) {
    this.#max = max;
  }

  push(chunk: Buffer | string): void {
    const lines = (this.#partial + chunk.toString()).split('\n');
    this.#partial = lines.pop() ?? '';
    this.#lines.push(...lines);
    if (this.#lines.length > this.#max) this.#lines.splice(0, this.#lines.length - this.#max);
  }

  text(): string {
    return [...this.#lines, this.#partial].filter((line) => line !== '').join('\n');
  }
}

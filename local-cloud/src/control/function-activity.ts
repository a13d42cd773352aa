// Per function: invocations, errors and the last invocation; and the recent log lines, parsed as
// the structured JSON firebase-functions' logger writes (severity, message, fields), for the
// console's Overview and Logs pages.
import type { RuntimeInvocation, RuntimeLog } from '../host/protocol.ts';

export interface FunctionStats {
  invocations: number;
  errors: number;
  /** Every invocation's wall time added up, for a cost meter's GB-seconds. */
  totalDurationMs: number;
  lastInvocation?: string;
  lastDurationMs?: number;
  lastError?: string;
}

export interface LogEntry {
  readonly id: number;
  readonly time: string;
  readonly function: string | null;
  readonly severity: string;
  readonly message: string;
  /** The structured fields besides severity and message; empty for a plain line. */
  readonly fields: Record<string, unknown>;
}

const KEEP_LOGS = 2_000;

export class FunctionActivity {
  readonly #stats = new Map<string, FunctionStats>();
  readonly #logs: LogEntry[] = [];
  #nextId = 1;

  /** Records one report; returns the log entry it made, if it was a line. */
  record(report: RuntimeLog | RuntimeInvocation): LogEntry | FunctionStats {
    if (report.type === 'invoked') {
      const stats = this.#stats.get(report.name) ?? {
        invocations: 0,
        errors: 0,
        totalDurationMs: 0,
      };
      stats.invocations++;
      stats.lastInvocation = report.time;
      stats.lastDurationMs = report.durationMs;
      stats.totalDurationMs += report.durationMs;
      if (!report.ok) {
        stats.errors++;
        stats.lastError = report.error ?? 'failed';
      }
      this.#stats.set(report.name, stats);
      return stats;
    }
    const entry = {
      id: this.#nextId++,
      time: report.time,
      function: report.name,
      ...parse(report),
    };
    this.#logs.push(entry);
    if (this.#logs.length > KEEP_LOGS) this.#logs.splice(0, this.#logs.length - KEEP_LOGS);
    return entry;
  }

  stats(name: string): FunctionStats {
    return this.#stats.get(name) ?? { invocations: 0, errors: 0, totalDurationMs: 0 };
  }

  logs(): readonly LogEntry[] {
    return this.#logs;
  }

  clear(): void {
    this.#stats.clear();
    this.#logs.length = 0;
  }
}

function parse(report: RuntimeLog): Pick<LogEntry, 'severity' | 'message' | 'fields'> {
  const fallback = report.stream === 'stderr' ? 'ERROR' : 'INFO';
  if (report.text.startsWith('{')) {
    try {
      const { severity, message, ...fields } = JSON.parse(report.text) as Record<string, unknown>;
      return {
        severity: typeof severity === 'string' ? severity : fallback,
        message: typeof message === 'string' ? message : '',
        fields,
      };
    } catch {
      // Not JSON after all: a plain line.
    }
  }
  return { severity: fallback, message: report.text, fields: {} };
}

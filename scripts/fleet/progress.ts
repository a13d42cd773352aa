import type { FleetSnapshot } from './stats.ts';

/** The live summary's lines for one snapshot. */
export function summaryLines(snapshot: FleetSnapshot, gadgets: number): string[] {
  const ms = (value: number | null) => (value === null ? '–' : `${String(Math.round(value))} ms`);
  const refusals = Object.entries(snapshot.refusals)
    .map(([code, count]) => `${code} ${String(count)}`)
    .join(', ');
  const finished = Object.entries(snapshot.commandsFinished)
    .map(([status, count]) => `${status} ${String(count)}`)
    .join(', ');
  return [
    `fleet of ${String(gadgets)} · ${String(snapshot.elapsedSeconds)} s · ${snapshot.requestsPerSecond.toFixed(1)} requests/s · p50 ${ms(snapshot.p50Ms)} · p99 ${ms(snapshot.p99Ms)}`,
    `  requests ${String(snapshot.requests)} · refused or faulted: ${refusals === '' ? 'none' : refusals}`,
    `  readings stored ${String(snapshot.accepted)} (repeats recognised ${String(snapshot.duplicates)})`,
    `  settings set ${String(snapshot.settingsSet)}, pending on ${String(snapshot.settingsPending)} gadget(s), changed on gadgets ${String(snapshot.localChanges)}`,
    `  commands sent ${String(snapshot.commandsSent)}, finished: ${finished === '' ? 'none yet' : finished}`,
    ...(Object.keys(snapshot.ota).length === 0 ? [] : [otaLine(snapshot)]),
  ];
}

/**
 * Where the gadgets' firmware updates are, once any gadget had one: states in the order an update
 * goes, what they run, and what was downloaded, e.g.
 * `  ota: 3 downloading, 10 succeeded, 2 rolled-back · running 10 on 1.4.0, 5 on 1.2.0 · 2.1 MB downloaded (4 cut)`.
 */
export function otaLine(snapshot: FleetSnapshot): string {
  const states = Object.entries(snapshot.ota)
    .map(([state, count]) => `${String(count)} ${state}`)
    .join(', ');
  const running = Object.entries(snapshot.firmware)
    .map(([version, count]) => `${String(count)} on ${version}`)
    .join(', ');
  const cuts = snapshot.firmwareCuts === 0 ? '' : `, ${String(snapshot.firmwareCuts)} cut`;
  const carried =
    snapshot.firmwareCarried === 0 ? '' : `, ${String(snapshot.firmwareCarried)} carried over BLE`;
  return `  ota: ${states === '' ? 'none' : states} · running ${running} · ${megabytes(snapshot.firmwareBytes)} downloaded${cuts}${carried}`;
}

/** Update states counted in the backend, as the final summary lists them: `7 succeeded, 3 rolled-back`. */
export function otaCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([state, count]) => `${String(count)} ${state}`)
    .join(', ');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * Draws the summary: on a terminal it rewrites itself in place every second, as a progress
 * display; elsewhere (CI, a pipe) it prints it every `plainEveryMs`, so a log stays readable.
 */
export class ProgressDisplay {
  readonly #out: NodeJS.WriteStream;
  readonly #plainEveryMs: number;
  #drawn = 0;
  #lastPlain = 0;

  constructor(out: NodeJS.WriteStream, plainEveryMs = 10_000) {
    this.#out = out;
    this.#plainEveryMs = plainEveryMs;
  }

  draw(lines: readonly string[], now: number): void {
    if (this.#out.isTTY) {
      if (this.#drawn > 0) this.#out.moveCursor(0, -this.#drawn);
      this.#out.clearScreenDown();
      this.#out.write(`${lines.join('\n')}\n`);
      this.#drawn = lines.length;
    } else if (now - this.#lastPlain >= this.#plainEveryMs) {
      this.#out.write(`${lines.join('\n')}\n`);
      this.#lastPlain = now;
    }
  }

  /** A line of its own (a warning): on a terminal above the summary, which the next draw redraws. */
  note(line: string): void {
    if (this.#out.isTTY && this.#drawn > 0) {
      this.#out.moveCursor(0, -this.#drawn);
      this.#out.clearScreenDown();
      this.#drawn = 0;
    }
    this.#out.write(`${line}\n`);
  }
}

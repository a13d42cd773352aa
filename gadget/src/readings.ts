import { nextReadingsBatch, ReadingInputSchema } from '@gadget/shared';
import type { ReadingInput } from '@gadget/shared';

/**
 * The readings the gadget made and has not delivered yet, oldest first, and the ids of every
 * reading it ever made. An id is `<serial>-<boot>-<n>`: the boot (the real time the gadget
 * started, in base 36) keeps ids unique across restarts with no counter in flash. The backend
 * stores an id once, so a batch sent twice is counted as duplicates the second time, never stored
 * twice; that is why a reading keeps its id for good, however often it is sent.
 */
export class ReadingsBuffer {
  readonly #prefix: string;
  #made = 0;
  #buffered: ReadingInput[] = [];
  readonly #generated: string[] = [];
  readonly #acknowledged: string[] = [];
  readonly #refused: string[] = [];

  constructor(serial: string, bootMs: number = Date.now()) {
    this.#prefix = `${serial}-${bootMs.toString(36)}`;
  }

  add(ts: Date, values: Record<string, number>): void {
    this.#made += 1;
    const reading = ReadingInputSchema.parse({
      id: `${this.#prefix}-${String(this.#made)}`,
      ts: ts.toISOString(),
      values,
    });
    this.#buffered.push(reading);
    this.#generated.push(reading.id);
  }

  /**
   * The oldest readings, as many as one call may carry: at most 500, in at most 6 UTC hours. A
   * gadget back from days offline so sends its backlog oldest first, a few hours a call.
   */
  next(): ReadingInput[] {
    return nextReadingsBatch(this.#buffered);
  }

  /** The backend has them (stored now or before): they leave the buffer. */
  acknowledge(readings: readonly ReadingInput[]): void {
    this.#acknowledged.push(...this.#remove(readings.map((reading) => reading.id)));
  }

  /**
   * The backend refused them by id (too old, out of range): they leave the buffer, as sending
   * them again would be refused again and hold up every reading behind them.
   */
  refuse(ids: readonly string[]): void {
    this.#refused.push(...this.#remove(ids));
  }

  get size(): number {
    return this.#buffered.length;
  }

  get status() {
    return {
      generatedIds: [...this.#generated],
      acknowledgedIds: [...this.#acknowledged],
      bufferedIds: this.#buffered.map((reading) => reading.id),
      bufferedReadings: [...this.#buffered],
      refusedIds: [...this.#refused],
    };
  }

  /** Removes the buffered readings with these ids; returns the ids it removed. */
  #remove(ids: readonly string[]): string[] {
    const leaving = new Set(ids);
    const removed: string[] = [];
    this.#buffered = this.#buffered.filter((reading) => {
      if (!leaving.has(reading.id)) return true;
      removed.push(reading.id);
      return false;
    });
    return removed;
  }
}

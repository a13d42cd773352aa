/** Commit times in microseconds: strictly increasing, never behind the wall clock. */
export class CommitClock {
  private last = 0;

  /** A fresh commit time, later than every earlier one. */
  next(): number {
    this.last = Math.max(this.last + 1, Date.now() * 1000);
    return this.last;
  }

  /** A read time that sees every commit made so far. */
  now(): number {
    // Later commits must be strictly after any read time handed out.
    this.last = Math.max(this.last, Date.now() * 1000);
    return this.last;
  }
}

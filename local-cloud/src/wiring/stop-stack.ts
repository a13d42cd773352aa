/** What a start-up has started, stopped in the reverse order: dependents before what they use. */
export class StopStack {
  private readonly stops: (() => Promise<void> | void)[] = [];

  push(stop: () => Promise<void> | void): void {
    this.stops.push(stop);
  }

  /**
   * Runs every stop, each after the one before has settled, even when one fails: a step skipped
   * would leave its server holding a port and its files open. Then throws an AggregateError of
   * every failure, each one named in its message.
   */
  async stopAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const stop of this.stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 0) return;
    const reasons = failures.map((e) => (e instanceof Error ? e.message : String(e)));
    throw new AggregateError(
      failures,
      `${String(failures.length)} of local-cloud's stop steps failed: ${reasons.join('; ')}`,
    );
  }
}

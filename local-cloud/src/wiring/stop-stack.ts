/** What a start-up has started, stopped in the reverse order: dependents before what they use. */
export class StopStack {
  private readonly stops: (() => Promise<void> | void)[] = [];

  push(stop: () => Promise<void> | void): void {
    this.stops.push(stop);
  }

  async stopAll(): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) await stop();
  }
}

// For tests that drive Firestore through a client SDK: a listener's snapshots arrive when they
// arrive, so a test waits for the one it expects instead of sleeping. It takes any SDK's
// listener (anything whose snapshots carry `metadata.fromCache`), so it imports none.

export interface SnapshotWatch<S> {
  /**
   * The first snapshot from the server (not the cache), after the last one taken, that passes
   * `test`; `what` names it in the error when none has come within the watch's timeout.
   */
  next(test: (snapshot: S) => boolean, what: string): Promise<S>;
  readonly stop: () => void;
}

/**
 * Records a listener's snapshots from the moment `subscribe` starts it, so none is missed between
 * two `next` calls. `subscribe` starts the listener with the callback given and returns its stop.
 */
export function watchSnapshots<S extends { readonly metadata: { readonly fromCache: boolean } }>(
  subscribe: (onNext: (snapshot: S) => void) => () => void,
  timeoutMs = 5_000,
): SnapshotWatch<S> {
  const seen: S[] = [];
  const waiters = new Set<() => void>();
  const stop = subscribe((s) => {
    seen.push(s);
    for (const w of [...waiters]) w();
  });
  return {
    stop,
    next: (test, what) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no snapshot with ${what} after ${String(seen.length)} snapshots`));
        }, timeoutMs);
        const check = (): void => {
          const hit = seen.find((s) => !s.metadata.fromCache && test(s));
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(check);
          seen.splice(0, seen.indexOf(hit) + 1);
          resolve(hit);
        };
        waiters.add(check);
        check();
      }),
  };
}

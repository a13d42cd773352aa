// Loading data for a page: the last answer, the last error and a reload for live events to call.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from './api.ts';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const generation = useRef(0);
  const latest = useRef(load);
  latest.current = load;
  const reload = useCallback(() => {
    const mine = ++generation.current;
    latest.current().then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(undefined);
      },
      (failure: unknown) => {
        if (mine === generation.current) setError(errorText(failure));
      },
    );
  }, []);
  useEffect(reload, deps);
  return { data, error, reload };
}

/**
 * Coalesces bursts (a commit of many documents) into one call on the next frame, or with
 * `everyMs`, at most one call per `everyMs` however long the stream of changes lasts.
 */
export function useThrottled(run: () => void, everyMs = 0): () => void {
  const pending = useRef(false);
  const latest = useRef(run);
  latest.current = run;
  return useCallback(() => {
    if (pending.current) return;
    pending.current = true;
    const fire = () => {
      pending.current = false;
      latest.current();
    };
    if (everyMs > 0) setTimeout(fire, everyMs);
    else requestAnimationFrame(fire);
  }, [everyMs]);
}

/** Runs `run` once no call has come for `quietMs`. */
export function useDebounced(run: () => void, quietMs: number): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(run);
  latest.current = run;
  useEffect(
    () => () => {
      clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      latest.current();
    }, quietMs);
  }, [quietMs]);
}

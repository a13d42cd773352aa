// One EventSource for the whole console (the control API's GET /events), shared by every page: each
// page subscribes to the event types it shows and is told as they happen, never by polling.
import { useEffect, useRef } from 'preact/hooks';
import { control } from './api.ts';

type Handler = (data: unknown) => void;

const handlers = new Map<string, Set<Handler>>();
let source: EventSource | undefined;

function subscribe(type: string, handler: Handler): () => void {
  source ??= new EventSource(control('/events'));
  let set = handlers.get(type);
  if (set === undefined) {
    const created = new Set<Handler>();
    handlers.set(type, created);
    source.addEventListener(type, (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as unknown;
      for (const h of created) h(data);
    });
    set = created;
  }
  set.add(handler);
  return () => set.delete(handler);
}

/**
 * Calls `handler` with each event of `type` while the component is mounted. The data is the
 * control API's JSON; the handler declares what it expects of it.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the event's shape
export function useLive<T>(type: string, handler: (data: T) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(
    () =>
      subscribe(type, (data) => {
        latest.current(data as T);
      }),
    [type],
  );
}

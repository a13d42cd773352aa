// The control API's routes for the console: what the Emulator Suite's hub does not offer and only
// local-cloud knows (functions with their activity, logs, delivery switches and events in flight,
// schedules with their next runs, Cloud Scheduler's jobs) and the live event stream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendJson } from '../net/json.ts';
import type { LiveEvents } from './live-events.ts';

export interface DeliverySwitchesView {
  deliverTwice: boolean;
  reverseOrder: boolean;
  delayMs: number;
}

export interface ConsoleTarget {
  readonly live: LiveEvents;
  /** Every function with its trigger and activity. */
  functions(): readonly unknown[];
  logs(): readonly unknown[];
  /** Switches, events running and held, and the recent delivery log. */
  delivery(): Record<string, unknown>;
  configureDelivery(switches: Partial<DeliverySwitchesView>): void;
  /** Fails the next `count` calls of a Firestore method with a gRPC status code. */
  injectFault(method: string, code: number, count: number): void;
  clearFaults(): void;
  /** Scheduled functions with their next runs, and the users' Cloud Scheduler jobs with owners. */
  schedules(): Promise<Record<string, unknown>>;
  /** Loads the embedding program's seed data; undefined when it has none. */
  readonly seed: (() => Promise<unknown>) | undefined;
}

/** Answers a console route; false when `route` is not one. */
export async function handleConsoleRoute(
  target: ConsoleTarget,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
): Promise<boolean> {
  switch (route) {
    case 'GET /events':
      target.live.serve(req, res);
      return true;
    case 'GET /functions':
      sendJson(res, 200, { functions: target.functions() });
      return true;
    case 'GET /logs':
      sendJson(res, 200, { logs: target.logs() });
      return true;
    case 'GET /delivery':
      sendJson(res, 200, target.delivery());
      return true;
    case 'PUT /delivery': {
      const switches = parseSwitches(await readJson(req));
      if (typeof switches === 'string') {
        sendJson(res, 400, { error: { message: switches } });
        return true;
      }
      target.configureDelivery(switches);
      target.live.publish('delivery', target.delivery());
      sendJson(res, 200, target.delivery());
      return true;
    }
    case 'POST /faults': {
      const body = (await readJson(req)) as Record<string, unknown> | undefined;
      const count = body?.count ?? 1;
      // gRPC status codes run from 1 (CANCELLED) to 16 (UNAUTHENTICATED); 0 is success.
      if (
        typeof body?.method !== 'string' ||
        typeof body.code !== 'number' ||
        !Number.isInteger(body.code) ||
        body.code < 1 ||
        body.code > 16 ||
        typeof count !== 'number' ||
        !Number.isInteger(count) ||
        count < 1
      ) {
        sendJson(res, 400, {
          error: { message: 'Expected {method, code: 1…16, count?: a whole number from 1}' },
        });
        return true;
      }
      target.injectFault(body.method, body.code, count);
      sendJson(res, 200, { ok: true });
      return true;
    }
    case 'DELETE /faults':
      target.clearFaults();
      sendJson(res, 200, { ok: true });
      return true;
    case 'POST /seed':
      if (target.seed === undefined) {
        sendJson(res, 404, { error: { message: 'No seed was configured for this local-cloud' } });
        return true;
      }
      sendJson(res, 200, { ok: true, report: await target.seed() });
      return true;
    case 'GET /schedules':
      sendJson(res, 200, await target.schedules());
      return true;
    default:
      return false;
  }
}

/** The switches a body sets, or why it is refused. */
function parseSwitches(body: unknown): Partial<DeliverySwitchesView> | string {
  if (typeof body !== 'object' || body === null) return 'Expected a JSON object of switches';
  const given = body as Record<string, unknown>;
  const out: Partial<DeliverySwitchesView> = {};
  for (const [key, value] of Object.entries(given)) {
    if (key === 'deliverTwice' || key === 'reverseOrder') {
      if (typeof value !== 'boolean') return `${key} must be true or false`;
      out[key] = value;
    } else if (key === 'delayMs') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 60_000)
        return 'delayMs must be a number of milliseconds from 0 to 60000';
      out.delayMs = value;
    } else {
      return `Unknown switch ${key} (deliverTwice, reverseOrder, delayMs)`;
    }
  }
  return out;
}

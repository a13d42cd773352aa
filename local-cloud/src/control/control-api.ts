import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Outbox, OutboxMessage, ScriptedFailure } from '../messaging/index.ts';
import { AccessPolicy } from '../net/access-policy.ts';
import type { AccessOptions } from '../net/access-policy.ts';
import { listen } from '../net/listen.ts';
import { handleConsoleRoute } from './console-routes.ts';
import type { ConsoleTarget } from './console-routes.ts';
import { readJson, sendJson } from '../net/json.ts';
import { handleVirtualDevicesRoute, VirtualDevices } from './virtual-devices.ts';

/** Thrown by `runSchedule` for a name that is not a scheduled function: the caller's mistake. */
export class UnknownScheduleError extends Error {
  override readonly name = 'UnknownScheduleError';
}

/**
 * Thrown by a target asked about the cloud before it has started (the control API listens first):
 * answered 503, as `GET /health` answers then, so a client polls instead of seeing a crash.
 */
export class CloudStartingError extends Error {
  override readonly name = 'CloudStartingError';
  constructor() {
    super('local-cloud is still starting');
  }
}

/** One service as the Emulator Suite's hub lists it at `GET /emulators`. */
export interface EmulatorInfo {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export interface ControlTarget extends ConsoleTarget {
  readonly outbox: Outbox;
  /** What `GET /health` reports; undefined while the cloud is starting. */
  health(): Record<string, unknown> | undefined;
  /** The running services by name, as the hub lists them for firebase tooling to discover. */
  emulators(): Record<string, EmulatorInfo>;
  reset(): Promise<void>;
  runSchedule(name: string): Promise<void>;
  ops(): Record<string, number>;
  resetOps(): void;
  /** The most recent security rules decisions of every service, oldest first, with their traces. */
  rulesEvaluations(): readonly unknown[];
}

/**
 * local-cloud's own HTTP API (port 4400 by default, the Emulator Suite hub's): health, the hub's
 * service list, reset, the push outbox, schedules on demand, Firestore op counters and the recent
 * security rules decisions, what the console reads (see console-routes.ts) and the virtual
 * devices programs report (see virtual-devices.ts). Plain JSON in and out, and one event stream.
 *
 * It answers no CORS, refuses foreign Hosts and Origins (`access`), and takes every POST, PUT,
 * PATCH and DELETE as `application/json` only: a web page can send those cross-site only as a
 * "simple" request (text/plain, a form, no type at all), without asking first.
 */
export async function startControlApi(
  target: ControlTarget,
  at: { readonly host: string; readonly port: number; readonly access?: AccessOptions },
): Promise<Server> {
  const devices = new VirtualDevices(target.live);
  const access = new AccessPolicy(at.access, at.host);
  const server = createServer((req, res) => {
    if (access.refuse(req, res)) {
      req.resume();
      return;
    }
    if (!readsOrDeclaresJson(req)) {
      req.resume();
      sendJson(res, 415, { error: { message: JSON_ONLY } }, { Connection: 'close' });
      return;
    }
    handle(target, devices, req, res).catch((error: unknown) => {
      sendJson(res, statusOf(error), {
        error: { message: error instanceof Error ? error.message : String(error) },
      });
    });
  });
  await listen(server, at.host, at.port, 'control API');
  return server;
}

const JSON_ONLY =
  'The control API takes JSON only: send POST, PUT, PATCH and DELETE with Content-Type: application/json.';

/** Whether a request may go on: it only reads, or it declares a JSON body (even an empty one). */
function readsOrDeclaresJson(req: IncomingMessage): boolean {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return true;
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/** The status of a failed route: the caller's mistake, a cloud still starting, or ours. */
function statusOf(error: unknown): number {
  if (error instanceof UnknownScheduleError) return 404;
  if (error instanceof CloudStartingError) return 503;
  return 500;
}

async function handle(
  target: ControlTarget,
  devices: VirtualDevices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const route = `${req.method ?? 'GET'} ${url.pathname}`;
  const schedule = /^POST \/schedules\/([^/:]+):run$/.exec(route);
  if (schedule) {
    try {
      await target.runSchedule(decodeURIComponent(schedule[1] ?? ''));
      sendJson(res, 200, { ok: true });
    } catch (error) {
      sendJson(res, statusOf(error), {
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    return;
  }
  switch (route) {
    case 'GET /health': {
      const health = target.health();
      if (health === undefined) sendJson(res, 503, { status: 'starting' }, { 'Retry-After': '1' });
      else sendJson(res, 200, { status: 'ok', ...health });
      return;
    }
    case 'GET /emulators':
      sendJson(res, 200, target.emulators());
      return;
    case 'POST /reset':
      await target.reset();
      devices.clear();
      sendJson(res, 200, { ok: true });
      return;
    case 'GET /outbox':
      sendJson(res, 200, {
        sendCalls: target.outbox.sendCalls,
        messages: target.outbox.messages,
        failures: target.outbox.failures,
      });
      return;
    case 'DELETE /outbox':
      target.outbox.clear();
      sendJson(res, 200, { ok: true });
      return;
    case 'POST /outbox/failures': {
      const body = (await readJson(req)) as Partial<ScriptedFailure> | undefined;
      if (typeof body?.token !== 'string' || typeof body.code !== 'string') {
        sendJson(res, 400, { error: { message: 'Expected {token, code, times?}' } });
        return;
      }
      target.outbox.scriptFailure({
        token: body.token,
        code: body.code,
        ...(typeof body.times === 'number' ? { times: body.times } : {}),
      });
      sendJson(res, 200, { ok: true });
      return;
    }
    case 'POST /outbox/send': {
      const body = (await readJson(req)) as { messages?: OutboxMessage[] } | undefined;
      if (
        !Array.isArray(body?.messages) ||
        body.messages.some((m) => typeof m.token !== 'string')
      ) {
        sendJson(res, 400, { error: { message: 'Expected {messages: [{token, ...}]}' } });
        return;
      }
      try {
        sendJson(res, 200, { responses: target.outbox.send(body.messages) });
      } catch (error) {
        sendJson(res, 400, {
          error: { message: error instanceof Error ? error.message : String(error) },
        });
      }
      return;
    }
    case 'GET /rules/evaluations':
      sendJson(res, 200, { evaluations: target.rulesEvaluations() });
      return;
    case 'GET /ops':
      sendJson(res, 200, target.ops());
      return;
    case 'DELETE /ops':
      target.resetOps();
      sendJson(res, 200, { ok: true });
      return;
    default:
      if (await handleConsoleRoute(target, req, res, route)) return;
      if (await handleVirtualDevicesRoute(devices, req, res, route)) return;
      sendJson(res, 404, { error: { message: `No route ${route}` } });
  }
}

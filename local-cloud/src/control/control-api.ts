import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { OutboxMessage, ScriptedFailure } from './outbox.ts';
import type { Outbox } from './outbox.ts';
import { listen } from '../net/listen.ts';

/** Thrown by `runSchedule` for a name that is not a scheduled function: the caller's mistake. */
export class UnknownScheduleError extends Error {
  override readonly name = 'UnknownScheduleError';
}

/** One service as the Emulator Suite's hub lists it at `GET /emulators`. */
export interface EmulatorInfo {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export interface ControlTarget {
  readonly outbox: Outbox;
  health(): Record<string, unknown>;
  /** The running services by name, as the hub lists them for firebase tooling to discover. */
  emulators(): Record<string, EmulatorInfo>;
  reset(): Promise<void>;
  runSchedule(name: string): Promise<void>;
  ops(): Record<string, number>;
  resetOps(): void;
  /** The most recent security rules decisions of every service, oldest first, with their traces. */
  rulesEvaluations(): readonly unknown[];
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * local-cloud's own HTTP API (port 4400 by default, the Emulator Suite hub's): health, the hub's
 * service list, reset, the push outbox, schedules on demand, Firestore op counters and the recent
 * security rules decisions. Plain JSON in and out.
 */
export async function startControlApi(
  target: ControlTarget,
  host: string,
  port: number,
): Promise<Server> {
  const server = createServer((req, res) => {
    handle(target, req, res).catch((error: unknown) => {
      json(res, 500, {
        error: { message: error instanceof Error ? error.message : String(error) },
      });
    });
  });
  await listen(server, host, port, 'control API');
  return server;
}

async function handle(
  target: ControlTarget,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const route = `${req.method ?? 'GET'} ${url.pathname}`;
  const schedule = /^POST \/schedules\/([^/:]+):run$/.exec(route);
  if (schedule) {
    try {
      await target.runSchedule(decodeURIComponent(schedule[1] ?? ''));
      json(res, 200, { ok: true });
    } catch (error) {
      const unknown = error instanceof UnknownScheduleError;
      json(res, unknown ? 404 : 500, {
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    return;
  }
  switch (route) {
    case 'GET /health':
      json(res, 200, { status: 'ok', ...target.health() });
      return;
    case 'GET /emulators':
      json(res, 200, target.emulators());
      return;
    case 'POST /reset':
      await target.reset();
      json(res, 200, { ok: true });
      return;
    case 'GET /outbox':
      json(res, 200, { sendCalls: target.outbox.sendCalls, messages: target.outbox.messages });
      return;
    case 'DELETE /outbox':
      target.outbox.clear();
      json(res, 200, { ok: true });
      return;
    case 'POST /outbox/failures': {
      const body = (await readJson(req)) as Partial<ScriptedFailure> | undefined;
      if (typeof body?.token !== 'string' || typeof body.code !== 'string') {
        json(res, 400, { error: { message: 'Expected {token, code, times?}' } });
        return;
      }
      target.outbox.scriptFailure({
        token: body.token,
        code: body.code,
        ...(typeof body.times === 'number' ? { times: body.times } : {}),
      });
      json(res, 200, { ok: true });
      return;
    }
    case 'POST /outbox/send': {
      const body = (await readJson(req)) as { messages?: OutboxMessage[] } | undefined;
      if (
        !Array.isArray(body?.messages) ||
        body.messages.some((m) => typeof m.token !== 'string')
      ) {
        json(res, 400, { error: { message: 'Expected {messages: [{token, ...}]}' } });
        return;
      }
      try {
        json(res, 200, { responses: target.outbox.send(body.messages) });
      } catch (error) {
        json(res, 400, {
          error: { message: error instanceof Error ? error.message : String(error) },
        });
      }
      return;
    }
    case 'GET /rules/evaluations':
      json(res, 200, { evaluations: target.rulesEvaluations() });
      return;
    case 'GET /ops':
      json(res, 200, target.ops());
      return;
    case 'DELETE /ops':
      target.resetOps();
      json(res, 200, { ok: true });
      return;
    default:
      json(res, 404, { error: { message: `No route ${route}` } });
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('Body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

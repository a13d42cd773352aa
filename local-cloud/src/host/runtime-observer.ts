// What the console shows of the functions comes from here: every line they print, tagged with the
// function that was running (through AsyncLocalStorage, so concurrent invocations stay apart), and
// every invocation's outcome. Both go to the host over IPC; the lines still reach stdout as before.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RuntimeToHost } from './protocol.ts';

const running = new AsyncLocalStorage<string>();

/** Copies every line written to stdout and stderr to `send`, with the running function's name. */
export function forwardOutput(send: (message: RuntimeToHost) => void): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    const target = process[stream];
    const original = target.write.bind(target);
    const write = (...args: unknown[]): boolean => Reflect.apply(original, target, args) as boolean;
    let partial = '';
    const patched = (chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      const name = running.getStore() ?? null;
      const time = new Date().toISOString();
      for (const line of lines) {
        if (line.trim() !== '') send({ type: 'log', name, stream, text: line, time });
      }
      return write(chunk, ...rest);
    };
    target.write = patched;
  }
}

/** Runs one invocation of `name` with its name in context, and reports how it ended. */
export async function observe<T>(
  name: string,
  send: (message: RuntimeToHost) => void,
  run: () => Promise<T> | T,
): Promise<T> {
  const started = Date.now();
  const report = (error?: unknown) => {
    send({
      type: 'invoked',
      name,
      ok: error === undefined,
      ...(error === undefined
        ? {}
        : { error: error instanceof Error ? error.message : JSON.stringify(error) }),
      time: new Date(started).toISOString(),
      durationMs: Date.now() - started,
    });
  };
  try {
    const result = await running.run(name, run);
    report();
    return result;
  } catch (error) {
    report(error ?? 'failed');
    throw error;
  }
}

/**
 * Wraps a callable's or HTTPS function's handler: the request runs with its name in context and is
 * reported when the response ends, a 5xx status counting as an error (4xx is the caller's).
 */
export function observeHttp(
  name: string,
  send: (message: RuntimeToHost) => void,
  handler: (req: unknown, res: unknown) => unknown,
): (req: unknown, res: unknown) => unknown {
  return (req, res) => {
    const response = res as { statusCode: number; once(event: 'finish', f: () => void): void };
    const started = Date.now();
    response.once('finish', () => {
      const ok = response.statusCode < 500;
      send({
        type: 'invoked',
        name,
        ok,
        ...(ok ? {} : { error: `HTTP ${String(response.statusCode)}` }),
        status: response.statusCode,
        time: new Date(started).toISOString(),
        durationMs: Date.now() - started,
      });
    });
    return running.run(name, () => handler(req, res));
  };
}

import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { logger } from '../log.ts';
import { PortInUseError } from '../net/listen.ts';
import type { FunctionDescription } from './endpoints.ts';
import { OutputTail } from './invocation-lines.ts';
import type {
  CloudEventEnvelope,
  HostToRuntime,
  RuntimeBoot,
  RuntimeInvocation,
  RuntimeLog,
  RuntimeToHost,
  RuntimeWiring,
} from './protocol.ts';

/**
 * Where the functions' output goes: 'inherit' prints every line; 'invocations' prints one line per
 * invocation (the caller does, from the observer's reports) and, should the runtime die, its last
 * words; 'silent' prints nothing, for clean test output.
 */
export type FunctionLogs = 'inherit' | 'invocations' | 'silent';

export interface FunctionHostBoot extends RuntimeBoot {
  /** Where the functions' output goes; 'inherit' by default. */
  readonly logs?: FunctionLogs;
  /** Told each line a function printed and each invocation's outcome (the console shows them). */
  readonly observer?: (report: RuntimeLog | RuntimeInvocation) => void;
}

export interface FunctionHost {
  readonly port: number;
  readonly functions: readonly FunctionDescription[];
  /** The params as the functions see them (secrets left out). */
  readonly params: Readonly<Record<string, string>>;
  /** Runs one event function once; rejects with the function's error. */
  invoke(name: string, event: CloudEventEnvelope, encodeFirestore: boolean): Promise<void>;
  runSchedule(name: string, scheduleTime?: Date): Promise<void>;
  stop(): Promise<void>;
}

/** A runtime that is loading the bundle and waits to be told where the backends are. */
export interface BootingFunctionHost {
  /** Hands over the addresses; resolves when the functions listen. */
  wire(wiring: RuntimeWiring): Promise<FunctionHost>;
  stop(): Promise<void>;
}

const RUNTIME_ENTRY = fileURLToPath(new URL('./runtime.ts', import.meta.url));

/**
 * Forks the functions runtime, which starts loading the bundle at once (the slow part of starting
 * local-cloud) while the caller brings up the backends and then wires them in.
 */
export function bootFunctionHost(options: FunctionHostBoot): BootingFunctionHost {
  const { logs = 'inherit', observer, ...boot } = options;
  const child = fork(RUNTIME_ENTRY, [], {
    env: { ...process.env, LOCAL_CLOUD_RUNTIME: JSON.stringify(boot) },
    stdio:
      logs === 'inherit'
        ? ['ignore', 'inherit', 'inherit', 'ipc']
        : ['ignore', 'ignore', logs === 'silent' ? 'ignore' : 'pipe', 'ipc'],
    execArgv: ['--enable-source-maps'],
    serialization: 'advanced',
  });
  let stopping = false;
  let serving = false;
  // Every line a function prints reaches the observer; a crash of the runtime itself (Node writes
  // it straight to stderr) would not, so its tail is kept to print if the runtime dies.
  const tail = new OutputTail();
  child.stderr?.on('data', (chunk: Buffer) => {
    tail.push(chunk);
  });
  if (logs === 'invocations') {
    child.once('exit', (code, signal) => {
      if (stopping || !serving) return;
      logger('functions').error(
        `the functions runtime exited (${signal ?? `code ${String(code)}`}); its last output:\n${tail.text()}`,
      );
    });
  }

  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;
  let wiring: RuntimeWiring | undefined;

  const ready = new Promise<Extract<RuntimeToHost, { type: 'ready' }>>((resolve, reject) => {
    const onExit = (code: number | null) => {
      reject(new Error(`The functions runtime exited while loading (code ${String(code)})`));
    };
    child.once('exit', onExit);
    child.on('message', (message: RuntimeToHost) => {
      if (message.type === 'log' || message.type === 'invoked') {
        observer?.(message);
      } else if (message.type === 'ready') {
        child.off('exit', onExit);
        resolve(message);
      } else if (message.type === 'fatal') {
        child.off('exit', onExit);
        reject(
          message.code === 'EADDRINUSE' && wiring !== undefined
            ? new PortInUseError('functions', wiring.host, wiring.port)
            : new Error(`The functions bundle failed to load:\n${message.error}`),
        );
      } else {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) waiter?.resolve();
        else waiter?.reject(new Error(message.error));
      }
    });
  });
  // Reported by wire(); until then a failure must not surface as an unhandled rejection.
  ready.catch(() => undefined);

  // A send to a runtime that just died fails through the send callback or 'exit'; without this
  // listener Node would raise it as an uncaught exception in the host.
  child.on('error', () => undefined);
  child.once('disconnect', () => {
    exited = true;
  });
  child.once('exit', () => {
    exited = true;
    for (const waiter of pending.values()) waiter.reject(new Error('The functions runtime exited'));
    pending.clear();
  });

  type Request = Extract<HostToRuntime, { id: number }>;
  const request = (message: DistributiveOmit<Request, 'id'>): Promise<void> => {
    if (exited) return Promise.reject(new Error('The functions runtime has stopped'));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.send({ ...message, id }, (error) => {
        if (error === null) return;
        pending.delete(id);
        reject(error);
      });
    });
  };
  const stop = () => {
    stopping = true;
    return stopChild(child);
  };

  return {
    stop,
    wire: async (given) => {
      wiring = given;
      await new Promise<void>((resolve, reject) => {
        if (exited) {
          reject(new Error('The functions runtime exited while loading'));
          return;
        }
        child.send({ type: 'wire', wiring: given } satisfies HostToRuntime, (error) => {
          if (error === null) resolve();
          else reject(error);
        });
      }).catch(async (error: unknown) => {
        // The runtime's own report (a load failure) says more than the failed send.
        await ready;
        throw error;
      });
      const started = await ready;
      serving = true;
      return {
        port: started.port,
        functions: started.functions,
        params: started.params,
        invoke: (name, event, encodeFirestore) =>
          request({ type: 'event', name, event, encodeFirestore }),
        runSchedule: (name, scheduleTime = new Date()) =>
          request({ type: 'schedule', name, scheduleTime: scheduleTime.toISOString() }),
        stop,
      };
    },
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ type: 'stop' } satisfies HostToRuntime);
    else child.kill('SIGTERM');
  });
}

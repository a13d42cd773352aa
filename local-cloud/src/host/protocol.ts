import type { AccessOptions } from '../net/access-policy.ts';
import type { FunctionDescription } from './endpoints.ts';

/** How the host process and the functions runtime child talk over Node's IPC channel. */

/** What the runtime needs to load the bundle, known before any backend has a port. */
export interface RuntimeBoot {
  /** Absolute path of the built bundle (one ESM file, e.g. lib/index.js). */
  readonly bundle: string;
  readonly projectId: string;
  /** Variables set before the bundle loads: project settings, params from .env files. */
  readonly env: Record<string, string>;
}

/**
 * What the runtime learns once the backends listen. The bundle is already loaded by then: the
 * functions read these lazily (firebase-admin on first use), never at import.
 */
export interface RuntimeWiring {
  readonly host: string;
  /** 0 picks a free port; the runtime reports the one it got. */
  readonly port: number;
  /** Emulator hosts and local-cloud's own addresses. */
  readonly env: Record<string, string>;
  /** Who besides loopback may call the callables and HTTPS functions. */
  readonly access?: AccessOptions;
}

/** A CloudEvent as the host builds it; Firestore payloads are protobuf-encoded in the runtime. */
export interface CloudEventEnvelope {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly subject?: string;
  readonly datacontenttype?: string;
  readonly data: unknown;
  readonly [extension: string]: unknown;
}

export type HostToRuntime =
  | { type: 'wire'; wiring: RuntimeWiring }
  | { type: 'event'; id: number; name: string; event: CloudEventEnvelope; encodeFirestore: boolean }
  | { type: 'schedule'; id: number; name: string; scheduleTime: string }
  | { type: 'stop' };

export type RuntimeToHost =
  | {
      type: 'ready';
      port: number;
      functions: FunctionDescription[];
      params: Record<string, string>;
    }
  | { type: 'done'; id: number; ok: true }
  | { type: 'done'; id: number; ok: false; error: string }
  | { type: 'fatal'; error: string; code?: string }
  | RuntimeLog
  | RuntimeInvocation;

/** One line a function wrote, and which function was running when it did (null: none known). */
export interface RuntimeLog {
  readonly type: 'log';
  readonly name: string | null;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  readonly time: string;
}

/** One finished invocation of any kind: event, schedule, callable or HTTPS request. */
export interface RuntimeInvocation {
  readonly type: 'invoked';
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
  /** The HTTP status a callable or HTTPS function answered; absent for event functions. */
  readonly status?: number;
  readonly time: string;
  readonly durationMs: number;
}

import type { FunctionDescription } from './endpoints.ts';

/** How the host process and the functions runtime child talk over Node's IPC channel. */

export interface RuntimeConfig {
  /** Absolute path of the built bundle (functions/lib/index.js). */
  readonly bundle: string;
  readonly projectId: string;
  readonly host: string;
  /** 0 picks a free port; the runtime reports the one it got. */
  readonly port: number;
  /** Variables the functions see: emulator hosts, resolved params, project settings. */
  readonly env: Record<string, string>;
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
  | { type: 'fatal'; error: string; code?: string };

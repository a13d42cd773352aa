import type { OtaPhase } from './status.ts';

/**
 * What a gadget tells whoever watches it (a test, the fleet's statistics). Nothing the gadget does
 * depends on them.
 */
export type GadgetEvent =
  /**
   * Every request to the backend, faults included. Status 0 when no answer came, `code` saying
   * why: `dropped`, `timeout`, `network` or `aborted` (the gadget stopping). Otherwise the HTTP
   * status (for a phone's call, its error code's) with the error's code, or `malformed-answer`
   * for a 200 the shared response schema refuses.
   */
  | { type: 'request'; status: number; code?: string; latencyMs: number }
  | { type: 'readings'; accepted: number; duplicates: number }
  /** A desired version applied: the settings the gadget runs now. */
  | { type: 'settings-applied'; version: number; values: Record<string, string | number> }
  | { type: 'setting-changed-locally'; key: string; value: string | number }
  | {
      type: 'command-finished';
      commandId: string;
      command: string;
      status: 'succeeded' | 'failed' | 'rejected';
    }
  /** A firmware update moved to another step, or ended (see `OtaPhase`). */
  | {
      type: 'ota';
      state: Exclude<OtaPhase, 'idle'>;
      rolloutId: string;
      version: string;
      error?: string;
    }
  /**
   * Every firmware download request (one range). `status` as for `request`; `code` says why no
   * (whole) answer came: `cut` (the connection dropped partway), `timeout`, `network`, `aborted`,
   * or the problem with the answer (`bad-range`, `size-mismatch`). `bytes`: image bytes it brought.
   */
  | { type: 'firmware-download'; status: number; code?: string; bytes: number; latencyMs: number };

export type EmitEvent = (event: GadgetEvent) => void;

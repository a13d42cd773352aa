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
    };

export type EmitEvent = (event: GadgetEvent) => void;

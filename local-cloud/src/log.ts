// local-cloud's own messages on the terminal (not the functions' output, which the function host
// relays), each labelled with the part of local-cloud it comes from: `[local-cloud firestore] …`.
// The one place that writes them, so a message without a label cannot creep in.

export interface Logger {
  /** Something failed; `cause` (an Error's stack, say) is printed after the message. */
  error(message: string, cause?: unknown): void;
  warn(message: string): void;
}

export interface LoggerOptions {
  /**
   * Drop every message: what the embedding program asks with `logs: 'silent'`. Internal errors of a
   * service (a bug in local-cloud, never a client's mistake) are always printed, so services log
   * without it.
   */
  readonly silent?: boolean;
}

export function logger(label: string, options: LoggerOptions = {}): Logger {
  const prefix = `[local-cloud ${label}]`;
  if (options.silent === true) return { error: () => undefined, warn: () => undefined };
  return {
    // A rest parameter, so that a message without a cause is not followed by "undefined".
    error: (message, ...cause) => {
      console.error(`${prefix} ${message}`, ...cause);
    },
    warn: (message) => {
      console.warn(`${prefix} ${message}`);
    },
  };
}

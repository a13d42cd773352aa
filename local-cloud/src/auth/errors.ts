/**
 * An Identity Toolkit error. The message is the wire code, optionally followed by " : detail",
 * which is what firebase-admin and the client SDKs parse into their own error codes.
 */
export class AuthApiError extends Error {
  readonly status: number;

  constructor(message: string, status = 400) {
    super(message);
    this.name = 'AuthApiError';
    this.status = status;
  }

  toJSON(): { error: { code: number; message: string; errors: object[] } } {
    return {
      error: {
        code: this.status,
        message: this.message,
        errors: [{ message: this.message, domain: 'global', reason: 'invalid' }],
      },
    };
  }
}

/** Throws a 400 AuthApiError with `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AuthApiError(message);
}

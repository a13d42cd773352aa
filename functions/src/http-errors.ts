import { DomainError, INTERNAL_MESSAGE } from './errors.ts';

/** The JSON body of every HTTPS endpoint's refusal (docs/API.md: `{error: {code, message, details?}}`). */
export interface HttpErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/** A refusal of an HTTPS endpoint: its status, JSON body and any headers that go with it. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: {
      details?: unknown;
      retryAfterSeconds?: number;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers ?? {};
  }

  body(): HttpErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** What an endpoint changes in the mapping below. */
export interface HttpErrorRules {
  /**
   * One refusal for both `not-found` and `permission-denied`, whatever their messages: for an
   * endpoint whose caller must not learn what exists. `ingest` answers an unknown device exactly as
   * a wrong key, so device ids cannot be probed.
   */
  readonly notFoundAndDeniedAs?: () => HttpError;
}

/**
 * Maps anything an HTTPS handler threw to its answer, as `toHttpsError` does for callables. An
 * HttpError thrown on purpose passes through. Domain errors: `invalid-argument` is 422 (the request
 * was well-formed, its content is refused) with its details, `resource-exhausted` 429 with
 * Retry-After (the details' `retryAfterSeconds`, else 60 s), `permission-denied` 403 and
 * `not-found` 404, unless `rules` say otherwise. Any other domain error is one no endpoint expects,
 * and like everything else becomes a generic `internal` 500 that tells nothing of the cause.
 * `expected` is false for a 500: those are logged as failures, the rest as refusals.
 */
export function toHttpError(
  error: unknown,
  rules: HttpErrorRules = {},
): { httpError: HttpError; expected: boolean } {
  const httpError =
    error instanceof HttpError
      ? error
      : error instanceof DomainError
        ? fromDomainError(error, rules)
        : internalError();
  return { httpError, expected: httpError.status < 500 };
}

function fromDomainError(error: DomainError, rules: HttpErrorRules): HttpError {
  switch (error.code) {
    case 'invalid-argument':
      return new HttpError(422, error.code, error.message, { details: error.details });
    case 'resource-exhausted': {
      const details = error.details as { retryAfterSeconds?: unknown } | undefined;
      const retryAfterSeconds =
        typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 60;
      return new HttpError(429, error.code, error.message, { retryAfterSeconds });
    }
    case 'not-found':
      return rules.notFoundAndDeniedAs?.() ?? new HttpError(404, error.code, error.message);
    case 'permission-denied':
      return rules.notFoundAndDeniedAs?.() ?? new HttpError(403, error.code, error.message);
    default:
      return internalError();
  }
}

function internalError(): HttpError {
  return new HttpError(500, 'internal', INTERNAL_MESSAGE);
}

/** The parts of an Express response an answer needs. */
interface ResponseLike {
  set(field: string, value: string): unknown;
  status(code: number): { json(body: unknown): unknown };
}

/** Sends the refusal: its headers, Retry-After (at least 1 s) when it has one, status and body. */
export function sendHttpError(response: ResponseLike, httpError: HttpError): void {
  for (const [field, value] of Object.entries(httpError.headers)) response.set(field, value);
  if (httpError.retryAfterSeconds !== undefined) {
    response.set('Retry-After', String(Math.max(1, httpError.retryAfterSeconds)));
  }
  response.status(httpError.status).json(httpError.body());
}

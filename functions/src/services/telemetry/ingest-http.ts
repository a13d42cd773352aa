import type { IngestErrorBody, IngestErrorCode } from '@gadget/shared';
import type { DomainError } from '../../errors.ts';

/** A refusal of the ingest endpoint: its HTTP status and JSON body. */
export class IngestHttpError extends Error {
  readonly status: number;
  readonly code: IngestErrorCode;
  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    code: IngestErrorCode,
    message: string,
    details?: unknown,
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'IngestHttpError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  body(): IngestErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export interface DeviceCredentials {
  readonly deviceId: string;
  readonly key: string;
}

const AUTHORIZATION = /^Device ([A-Za-z0-9_-]{1,64}):([A-Za-z0-9_-]{16,128})$/;

/** `Authorization: Device <deviceId>:<deviceKey>`; anything else is no credentials at all. */
export function parseDeviceAuthorization(header: string | undefined): DeviceCredentials | null {
  const match = header === undefined ? null : AUTHORIZATION.exec(header.trim());
  if (match === null) return null;
  const [, deviceId, key] = match;
  return deviceId === undefined || key === undefined ? null : { deviceId, key };
}

/** The HTTP answer for a domain error from the shared telemetry service. */
export function fromDomainError(error: DomainError): IngestHttpError {
  switch (error.code) {
    case 'invalid-argument':
      return new IngestHttpError(422, 'invalid-argument', error.message, error.details);
    case 'resource-exhausted': {
      const details = error.details as { retryAfterSeconds?: unknown } | undefined;
      const retryAfter =
        typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 60;
      return new IngestHttpError(429, 'resource-exhausted', error.message, undefined, retryAfter);
    }
    case 'not-found':
    case 'permission-denied':
      return new IngestHttpError(403, 'permission-denied', 'This device key is not valid.');
    default:
      return new IngestHttpError(500, 'internal', 'Something went wrong on our side.');
  }
}

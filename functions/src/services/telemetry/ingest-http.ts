import type { IngestErrorCode } from '@gadget/shared';
import { HttpError } from '../../http-errors.ts';
import type { HttpErrorRules } from '../../http-errors.ts';

/** A refusal of the ingest endpoint, with one of the codes its contract lists. */
export function ingestRefusal(
  status: number,
  code: IngestErrorCode,
  message: string,
  options?: ConstructorParameters<typeof HttpError>[3],
): HttpError {
  return new HttpError(status, code, message, options);
}

/** Every key that is not the device's current one, and every device that does not exist. */
export function badDeviceKey(): HttpError {
  return ingestRefusal(403, 'permission-denied', 'This device key is not valid.');
}

/**
 * `ingest`'s rule in the HTTPS error mapping: a `not-found` (a device id that does not exist) is
 * answered exactly as a wrong key, so a caller without a key cannot probe which devices exist.
 */
export const INGEST_ERROR_RULES: HttpErrorRules = { notFoundAndDeniedAs: badDeviceKey };

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

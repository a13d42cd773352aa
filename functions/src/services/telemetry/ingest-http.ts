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
/** A device id and a key were sent, whatever they look like. */
const SOME_DEVICE_CREDENTIALS = /^Device \S+:\S+$/;

/** `Authorization: Device <deviceId>:<deviceKey>`; anything else is no credentials at all. */
export function parseDeviceAuthorization(header: string | undefined): DeviceCredentials | null {
  const match = header === undefined ? null : AUTHORIZATION.exec(header.trim());
  if (match === null) return null;
  const [, deviceId, key] = match;
  return deviceId === undefined || key === undefined ? null : { deviceId, key };
}

/**
 * `ingest`'s credentials, or its refusal. No `Device <deviceId>:<deviceKey>` at all is 401, the
 * answer that says which header to send. A device id and key that cannot be valid (wrong length or
 * characters, as a truncated or mistyped key is) are the 403 of any wrong key: the gadget sent
 * the header right, and its key is what needs replacing.
 */
export function requireDeviceCredentials(header: string | undefined): DeviceCredentials {
  const credentials = parseDeviceAuthorization(header);
  if (credentials !== null) return credentials;
  if (SOME_DEVICE_CREDENTIALS.test(header?.trim() ?? '')) throw badDeviceKey();
  throw ingestRefusal(
    401,
    'unauthenticated',
    'Send `Authorization: Device <deviceId>:<deviceKey>`.',
    {
      headers: { 'WWW-Authenticate': 'Device' },
    },
  );
}

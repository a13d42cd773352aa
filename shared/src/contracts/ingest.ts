import * as z from 'zod';
import { defineHttpsEndpoint } from '../contract.ts';
import { ErrorCodeSchema } from '../error-codes.ts';
import {
  CommandAcksSchema,
  DownstreamSchema,
  GadgetSyncSchema,
} from '../schemas/device-control.ts';
import { FirmwareOfferSchema, OtaReportSchema } from '../schemas/firmware-updates.ts';
import {
  FirmwareVersionSchema,
  ReadingsBatchSchema,
  SubmissionResultSchema,
} from '../schemas/telemetry.ts';

/**
 * `ingest`: the HTTPS endpoint a Wi-Fi gadget posts its own readings to. Not a callable:
 *
 * - `POST`, `Content-Type: application/json`, a JSON object of at most 256 KB, uncompressed (no
 *   `Content-Encoding`);
 * - `Authorization: Device <deviceId>:<deviceKey>` (the key from `rotateDeviceKey`);
 * - the same validation and idempotency as `submitReadings`.
 *
 * Answers 200 with `IngestResponse`, or an `IngestErrorBody` with: 400 `invalid-argument` (an
 * empty body, JSON that is not an object, a malformed `Content-Length`), 401 `unauthenticated` (no
 * `Device <deviceId>:<deviceKey>` header), 403 `permission-denied` (not the device's current key:
 * malformed, wrong, rotated, another device's, or the device was released; indistinguishable on
 * purpose), 405 `method-not-allowed`, 413 `payload-too-large` (declared or sent),
 * 415 `unsupported-media-type` (also any `Content-Encoding`),
 * 422 `invalid-argument` (details as for callables: `fieldErrors["readings.<index>"]`),
 * 429 `resource-exhausted` with `Retry-After` (seconds; per-device limit), 500 `internal`.
 */
export const INGEST_PATH = '/ingest';

export const IngestRequestSchema = z
  .strictObject({
    /** New readings; may be left out by a call that only syncs. */
    readings: ReadingsBatchSchema.optional(),
    /** The firmware the gadget runs; a new version after `installing` confirms an update. */
    firmware: FirmwareVersionSchema.optional(),
    /** Which desired settings version the gadget knows and applied, and its own changes. */
    sync: GadgetSyncSchema.optional(),
    /** Answers to commands, each final; a repeated answer changes nothing. */
    acks: CommandAcksSchema.optional(),
    /**
     * Where the gadget is with an offered update. Reporting the new `firmware` after `installing`
     * confirms it (`succeeded`).
     */
    ota: OtaReportSchema.optional(),
  })
  .refine(
    (request) =>
      request.readings !== undefined ||
      request.sync !== undefined ||
      request.acks !== undefined ||
      request.firmware !== undefined ||
      request.ota !== undefined,
    { error: 'Send readings, sync, acks, firmware or ota' },
  );
export type IngestRequest = z.input<typeof IngestRequestSchema>;

export const IngestResponseSchema = SubmissionResultSchema.extend(DownstreamSchema.shape).extend({
  /** When to call again: the report interval, or a few seconds while a member watches. */
  nextPollSeconds: z.number().int().positive(),
  /**
   * A firmware update for this gadget, repeated on every call until it installs, fails or is
   * withdrawn; absent otherwise (a gadget that is downloading stops when it is absent).
   */
  firmware: FirmwareOfferSchema.optional(),
});
export type IngestResponse = z.infer<typeof IngestResponseSchema>;

/**
 * The codes of ingest's refusals: the callable codes its domain errors keep through the one HTTPS
 * mapping, and the transport's own, which no callable answers with.
 */
export const IngestErrorCodeSchema = z.enum([
  ...ErrorCodeSchema.exclude(['not-found', 'already-exists', 'failed-precondition']).options,
  'method-not-allowed',
  'payload-too-large',
  'unsupported-media-type',
]);
export type IngestErrorCode = z.infer<typeof IngestErrorCodeSchema>;

export const IngestErrorBodySchema = z.object({
  error: z.object({
    code: IngestErrorCodeSchema,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type IngestErrorBody = z.infer<typeof IngestErrorBodySchema>;

export const ingestEndpoint = defineHttpsEndpoint({
  name: 'ingest',
  summary:
    'A Wi-Fi gadget’s one call: readings, settings sync, command answers and firmware update reports up (the same validation, idempotency and alerts as submitReadings); newer desired settings, pending commands, a firmware offer and when to call again down.',
  method: 'POST',
  auth: '`Authorization: Device <deviceId>:<deviceKey>` with the key from `rotateDeviceKey`',
  request: IngestRequestSchema,
  response: IngestResponseSchema,
  errorBody: IngestErrorBodySchema,
  errors: {
    400: '`invalid-argument`: the body is empty or not a JSON object, or `Content-Length` is not a number',
    401: '`unauthenticated`: no `Authorization: Device <deviceId>:<deviceKey>` header (missing, another scheme, or no id and key); `WWW-Authenticate: Device`',
    403: '`permission-denied`, “This device key is not valid.”: not the device’s current key (malformed, wrong, rotated, another device’s, or a released device)',
    405: '`method-not-allowed`: not a POST',
    413: '`payload-too-large`: the body, as declared by `Content-Length` or as sent, is over 256 KB',
    415: '`unsupported-media-type`: not `application/json`, or compressed (any `Content-Encoding`)',
    422: '`invalid-argument`: the request is not valid; `details.fieldErrors["readings.<index>"]` names each bad reading, `sync.changed.<name>` each bad setting, `readings` readings in more than 6 UTC hours (refused before anything is read: send a backlog oldest first, 6 hours a call)',
    429: '`resource-exhausted`: over the per-device rate limit; `Retry-After` says when to try again',
  },
});

import { onRequest } from 'firebase-functions/v2/https';
import type { Request } from 'firebase-functions/v2/https';
import { IngestRequestSchema, LIMITS } from '@gadget/shared';
import * as z from 'zod';
import {
  CRITICAL_MARGIN_PERCENT,
  INGEST_RATE_LIMIT_PER_MINUTE,
  READING_RETENTION_DAYS,
} from '../../config.ts';
import { DomainError } from '../../errors.ts';
import * as logs from '../../logs.ts';
import { isJsonObject, refuseBody } from '../../request-limits.ts';
import { verifyDeviceKey } from '../../services/devices/device-keys.ts';
import { consumeRateLimit } from '../../services/platform/rate-limits.ts';
import { ingestReadings } from '../../services/telemetry/ingestion.ts';
import {
  IngestHttpError,
  fromDomainError,
  parseDeviceAuthorization,
} from '../../services/telemetry/ingest-http.ts';

/**
 * `POST /ingest`: a Wi-Fi gadget posts its own readings (contract in shared `contracts/ingest.ts`).
 * Checks go from cheapest to dearest: method, media type, encoding, size and shape cost nothing
 * (and a refused body reaches nothing that writes); the key costs two reads; the per-device rate limit one read and one write; only then the telemetry service runs.
 */
export const ingest = onRequest(
  { maxInstances: 20, memory: '256MiB', timeoutSeconds: 30, cors: false },
  async (request, response) => {
    const startedAt = Date.now();
    let deviceId: string | undefined;
    try {
      const body = checkRequest(request);
      const credentials = parseDeviceAuthorization(request.get('authorization'));
      if (credentials === null) {
        throw new IngestHttpError(
          401,
          'unauthenticated',
          'Send `Authorization: Device <deviceId>:<deviceKey>`.',
        );
      }
      deviceId = credentials.deviceId;
      if (!(await verifyDeviceKey(credentials.deviceId, credentials.key))) {
        throw new IngestHttpError(403, 'permission-denied', 'This device key is not valid.');
      }
      await consumeRateLimit({
        key: `ingest:${credentials.deviceId}`,
        limit: INGEST_RATE_LIMIT_PER_MINUTE.value(),
        windowMs: 60_000,
      });
      const parsed = IngestRequestSchema.safeParse(body);
      if (!parsed.success) {
        throw new IngestHttpError(
          422,
          'invalid-argument',
          'The request is not valid.',
          z.flattenError(parsed.error),
        );
      }
      const outcome = await ingestReadings({
        deviceId: credentials.deviceId,
        readings: parsed.data.readings,
        submitter: { kind: 'device' },
        firmware: parsed.data.firmware,
        retentionDays: READING_RETENTION_DAYS.value(),
        criticalMarginPercent: CRITICAL_MARGIN_PERCENT.value(),
      });
      logs.readingsIngested({
        deviceId: credentials.deviceId,
        source: 'device',
        ...outcome,
        durationMs: Date.now() - startedAt,
      });
      response.status(200).json({ accepted: outcome.accepted, duplicates: outcome.duplicates });
    } catch (error) {
      const refusal =
        error instanceof IngestHttpError
          ? error
          : error instanceof DomainError
            ? fromDomainError(error)
            : undefined;
      if (refusal === undefined || refusal.status >= 500) {
        logs.ingestFailed({ deviceId, durationMs: Date.now() - startedAt, error });
      } else {
        logs.ingestRejected({
          deviceId,
          status: refusal.status,
          code: refusal.code,
          reason: refusal.message,
        });
      }
      const answer =
        refusal ?? new IngestHttpError(500, 'internal', 'Something went wrong on our side.');
      if (answer.status === 401) response.set('WWW-Authenticate', 'Device');
      if (answer.status === 405) response.set('Allow', 'POST');
      if (answer.retryAfterSeconds !== undefined) {
        response.set('Retry-After', String(Math.max(1, answer.retryAfterSeconds)));
      }
      response.status(answer.status).json(answer.body());
    }
  },
);

/** Method, media type, encoding, size and a JSON object; returns the parsed body. */
function checkRequest(request: Request): Record<string, unknown> {
  if (request.method !== 'POST') {
    throw new IngestHttpError(405, 'method-not-allowed', 'Use POST.');
  }
  if (!(request.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    throw new IngestHttpError(415, 'unsupported-media-type', 'Send `application/json`.');
  }
  const refusal = refuseBody(request, LIMITS.ingestBodyMaxBytes);
  if (refusal !== undefined) {
    throw new IngestHttpError(refusal.status, BODY_REFUSAL_CODES[refusal.status], refusal.reason);
  }
  const body = request.body as unknown;
  if (!isJsonObject(body)) {
    throw new IngestHttpError(400, 'invalid-argument', 'The body must be a JSON object.');
  }
  return body;
}

const BODY_REFUSAL_CODES = {
  400: 'invalid-argument',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
} as const;

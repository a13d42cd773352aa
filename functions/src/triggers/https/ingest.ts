import { onRequest } from 'firebase-functions/v2/https';
import type { Request } from 'firebase-functions/v2/https';
import { withGrpcFirestore } from '../../admin.ts';
import { IngestRequestSchema, LIMITS } from '@gadget/shared';
import type { IngestResponse } from '@gadget/shared';
import * as z from 'zod';
import {
  CRITICAL_MARGIN_PERCENT,
  INGEST_RATE_LIMIT_PER_MINUTE,
  READING_RETENTION_DAYS,
} from '../../config.ts';
import { sendHttpError, toHttpError } from '../../http-errors.ts';
import * as logs from '../../logs.ts';
import { isJsonObject, refuseBody } from '../../request-limits.ts';
import { checkDeviceKey, hashDeviceKey } from '../../services/devices/device-keys.ts';
import { knownKey, rememberKey } from '../../services/devices/known-keys.ts';
import { recentlyWrongKey, rememberWrongKey } from '../../services/devices/wrong-keys.ts';
import { ingestReadings } from '../../services/telemetry/ingestion.ts';
import { rememberRefusal, standingRefusal } from '../../services/telemetry/full-windows.ts';
import { firmwareDownloadBase } from '../../services/firmware/download-url.ts';
import { refuseTooManyHours } from '../../services/telemetry/validation.ts';
import {
  INGEST_ERROR_RULES,
  badDeviceKey,
  ingestRefusal,
  requireDeviceCredentials,
} from '../../services/telemetry/ingest-http.ts';

/**
 * `POST /ingest`: a Wi-Fi gadget's one call, both ways (contract in shared `contracts/ingest.ts`):
 * readings, settings sync, command answers and update reports up; newer settings, commands, a
 * firmware offer and when to call again down, all settled in the telemetry service's one transaction.
 * Checks go from cheapest to dearest: method, media type, encoding, size and shape cost nothing
 * (and a refused body reaches nothing that writes); a key this instance found wrong in the last
 * minute costs nothing either; the key costs one read (its key document), and nothing when this
 * instance checked it before; a device this instance refused for its limit is refused again
 * until its window ends, with no read; then the telemetry service's transaction reads the device
 * with the hours in one call, checks the key's tag and rotator against the device and counts the
 * per-device limit on the device it writes anyway.
 */
export const ingest = onRequest(
  { maxInstances: 20, memory: '256MiB', timeoutSeconds: 30, cors: false },
  (request, response) => withGrpcFirestore(() => ingestOnce(request, response)),
);

async function ingestOnce(request: Request, response: Response): Promise<void> {
  const startedAt = Date.now();
  let deviceId: string | undefined;
  try {
    const body = checkRequest(request);
    const credentials = requireDeviceCredentials(request.get('authorization'));
    deviceId = credentials.deviceId;
    // Too many hours is refused before anything is read, the key included.
    if (Array.isArray(body.readings)) refuseTooManyHours(body.readings as unknown[]);
    const now = new Date();
    const keyHash = hashDeviceKey(credentials.key);
    if (recentlyWrongKey(credentials.deviceId, keyHash, now)) throw badDeviceKey();
    const key =
      knownKey(credentials.deviceId, keyHash) ??
      (await checkDeviceKey(credentials.deviceId, keyHash));
    if (key === null) {
      rememberWrongKey(credentials.deviceId, keyHash, now);
      throw badDeviceKey();
    }
    rememberKey(credentials.deviceId, keyHash, key);
    const refusal = standingRefusal(credentials.deviceId, now);
    if (refusal !== undefined) throw refusal;
    const parsed = IngestRequestSchema.safeParse(body);
    if (!parsed.success) {
      throw ingestRefusal(422, 'invalid-argument', 'The request is not valid.', {
        details: z.flattenError(parsed.error),
      });
    }
    const outcome = await ingestReadings({
      deviceId: credentials.deviceId,
      readings: parsed.data.readings ?? [],
      submitter: {
        kind: 'device',
        key,
        limit: { perMinute: INGEST_RATE_LIMIT_PER_MINUTE.value() },
      },
      now,
      said: {
        sync: parsed.data.sync,
        acks: parsed.data.acks,
        firmware: parsed.data.firmware,
        ota: parsed.data.ota,
        via: 'wifi',
        relayedBy: null,
        seq: null,
        verified: true,
      },
      downloadBase: firmwareDownloadBase(request.get('host')),
      retentionDays: READING_RETENTION_DAYS.value(),
      criticalMarginPercent: CRITICAL_MARGIN_PERCENT.value(),
    }).catch((error: unknown) => {
      rememberRefusal(credentials.deviceId, error);
      throw error;
    });
    logs.readingsIngested({
      deviceId: credentials.deviceId,
      source: 'device',
      accepted: outcome.accepted,
      duplicates: outcome.duplicates,
      alertsWritten: outcome.alertsWritten,
      desiredSent: outcome.downstream.desired?.version ?? null,
      commandsSent: outcome.downstream.commands.length,
      commandsFinished: outcome.finishedCommands,
      firmwareOffered: outcome.firmwareOffer?.version ?? null,
      durationMs: Date.now() - startedAt,
    });
    const answer: IngestResponse = {
      accepted: outcome.accepted,
      duplicates: outcome.duplicates,
      ...outcome.downstream,
      nextPollSeconds: outcome.nextPollSeconds,
      ...(outcome.firmwareOffer === undefined ? {} : { firmware: outcome.firmwareOffer }),
    };
    response.status(200).json(answer);
  } catch (error) {
    const { httpError, expected } = toHttpError(error, INGEST_ERROR_RULES);
    if (expected) {
      logs.ingestRejected({
        deviceId,
        status: httpError.status,
        code: httpError.code,
        reason: httpError.message,
      });
    } else {
      logs.ingestFailed({ deviceId, durationMs: Date.now() - startedAt, error });
    }
    sendHttpError(response, httpError);
  }
}

type Response = Parameters<Parameters<typeof onRequest>[0]>[1];

/** Method, media type, encoding, size and a JSON object; returns the parsed body. */
function checkRequest(request: Request): Record<string, unknown> {
  if (request.method !== 'POST') {
    throw ingestRefusal(405, 'method-not-allowed', 'Use POST.', { headers: { Allow: 'POST' } });
  }
  if (!(request.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    throw ingestRefusal(415, 'unsupported-media-type', 'Send `application/json`.');
  }
  const refusal = refuseBody(request, LIMITS.ingestBodyMaxBytes);
  if (refusal !== undefined) {
    throw ingestRefusal(refusal.status, BODY_REFUSAL_CODES[refusal.status], refusal.reason);
  }
  const body = request.body as unknown;
  if (!isJsonObject(body)) {
    throw ingestRefusal(400, 'invalid-argument', 'The body must be a JSON object.');
  }
  return body;
}

const BODY_REFUSAL_CODES = {
  400: 'invalid-argument',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
} as const;

import { onRequest } from 'firebase-functions/v2/https';
import type { Request } from 'firebase-functions/v2/https';
import { pipeline } from 'node:stream/promises';
import * as z from 'zod';
import { DeviceIdSchema, FirmwareVersionSchema, RolloutIdSchema } from '@gadget/shared';
import { HttpError, sendHttpError, toHttpError } from '../../http-errors.ts';
import * as logs from '../../logs.ts';
import { adminApp } from '../../admin.ts';
import { defaultBucket } from '../../storage-bucket.ts';
import { parseByteRange } from '../../services/firmware/byte-range.ts';
import { downloadableImage } from '../../services/firmware/download-access.ts';
import type { DownloadCaller } from '../../services/firmware/download-access.ts';
import { parseDeviceAuthorization } from '../../services/telemetry/ingest-http.ts';

/** The response object onRequest hands a handler (express's, which this package does not name). */
type Response = Parameters<Parameters<typeof onRequest>[0]>[1];

const QuerySchema = z.object({
  deviceId: DeviceIdSchema,
  rolloutId: RolloutIdSchema,
  version: FirmwareVersionSchema,
});

/**
 * `GET /firmwareDownload?deviceId&rolloutId&version`: the image of an update offered to a gadget,
 * with HTTP Range so a cut download resumes where it stopped (206 and `Content-Range`; a header it
 * cannot serve as one range gets the whole image, one past the end 416). A Wi-Fi gadget sends its
 * `Authorization: Device` header, a phone carrying a BLE gadget's update `Authorization: Bearer`
 * with its member's ID token. The URL alone opens nothing (see `downloadableImage`).
 */
export const firmwareDownload = onRequest(
  { maxInstances: 20, memory: '256MiB', timeoutSeconds: 120, cors: false },
  async (request, response) => {
    const startedAt = Date.now();
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        throw new HttpError(405, 'method-not-allowed', 'Use GET.', {
          headers: { Allow: 'GET, HEAD' },
        });
      }
      const query = QuerySchema.safeParse(request.query);
      if (!query.success) {
        throw new HttpError(400, 'invalid-argument', 'Name the device, rollout and version.', {
          details: z.flattenError(query.error),
        });
      }
      const caller = await callerOf(request);
      const image = await downloadableImage(caller, query.data, new Date());
      const range = parseByteRange(request.get('range'), image.size);
      if (range === 'unsatisfiable') {
        response
          .status(416)
          .set('Content-Range', `bytes */${String(image.size)}`)
          .end();
        return;
      }
      await sendImage(request, response, image, range);
      logs.firmwareDownloaded({
        deviceId: query.data.deviceId,
        rolloutId: query.data.rolloutId,
        caller: caller.kind,
        bytes: range === undefined ? image.size : range.end - range.start + 1,
        durationMs: Date.now() - startedAt,
      });
    } catch (error) {
      const { httpError, expected } = toHttpError(error);
      if (!expected) logs.firmwareDownloadFailed({ durationMs: Date.now() - startedAt, error });
      if (response.headersSent) {
        response.destroy();
        return;
      }
      sendHttpError(response, httpError);
    }
  },
);

async function callerOf(request: Request): Promise<DownloadCaller> {
  const header = request.get('authorization');
  const device = parseDeviceAuthorization(header);
  if (device !== null) return { kind: 'device', ...device };
  const bearer = /^Bearer (\S+)$/.exec(header?.trim() ?? '')?.[1];
  if (bearer !== undefined) {
    const { getAuth } = await import('firebase-admin/auth');
    try {
      const token = await getAuth(adminApp()).verifyIdToken(bearer, true);
      return { kind: 'member', uid: token.uid };
    } catch {
      // Expired, revoked, of a deleted user, or no token at all: the same answer.
    }
  }
  throw new HttpError(
    401,
    'unauthenticated',
    'Send `Authorization: Device …` or `Bearer <ID token>`.',
    {
      headers: { 'WWW-Authenticate': 'Device, Bearer' },
    },
  );
}

async function sendImage(
  request: Request,
  response: Response,
  image: { storagePath: string; size: number; sha256: string },
  range: { start: number; end: number } | undefined,
): Promise<void> {
  const start = range?.start ?? 0;
  const end = range?.end ?? image.size - 1;
  response.status(range === undefined ? 200 : 206).set({
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(end - start + 1),
    'Accept-Ranges': 'bytes',
    // The image of a version never changes: its digest is its identity.
    ETag: `"${image.sha256}"`,
    'Cache-Control': 'private, no-store',
    ...(range === undefined
      ? {}
      : { 'Content-Range': `bytes ${String(start)}-${String(end)}/${String(image.size)}` }),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const file = (await defaultBucket()).file(image.storagePath);
  // Ranged reads cannot be checked against the object's whole hash; the gadget checks sha256.
  await pipeline(file.createReadStream({ start, end, validation: false }), response);
}

import type { ReleaseImage } from '@gadget/shared';
import { HttpError } from '../../http-errors.ts';
import { collections, documents } from '../../data/collections.ts';
import { roleOf } from '../devices/device-access.ts';
import { checkDeviceKey, hashDeviceKey } from '../devices/device-keys.ts';
import { cachedModelRollout } from './model-rollout.ts';
import { beforeInstalling } from './ota-transitions.ts';
import { imageFor } from './offer-decision.ts';

/** Who asks for an image: the gadget itself, or the member whose phone holds its update lease. */
export type DownloadCaller =
  | { readonly kind: 'device'; readonly deviceId: string; readonly key: string }
  | { readonly kind: 'member'; readonly uid: string };

export interface DownloadRequest {
  readonly deviceId: string;
  readonly rolloutId: string;
  readonly version: string;
}

/** One answer for every offer that does not stand: the downloader stops and asks again later. */
function noOffer(): HttpError {
  return new HttpError(404, 'not-found', 'No such update is offered to this device now.');
}

function denied(): HttpError {
  return new HttpError(403, 'permission-denied', 'These credentials may not download this update.');
}

/**
 * The image a caller may download, or an HttpError. A download URL is worth nothing alone: the
 * gadget must send its current device key, a phone its member's ID token and hold the gadget's
 * update lease; and the offer must stand: the device's update is of this rollout and version, not
 * yet installing, and the rollout is still its model's (an abort or a revocation ends downloads
 * within the rollout cache's minute). Reads: the key document (removal of its rotator deletes it)
 * or the device, then the update; the image comes from the cached rollout.
 */
export async function downloadableImage(
  caller: DownloadCaller,
  request: DownloadRequest,
  now: Date,
): Promise<ReleaseImage> {
  if (caller.kind === 'device') {
    if (caller.deviceId !== request.deviceId) throw denied();
    const key = await checkDeviceKey(caller.deviceId, hashDeviceKey(caller.key));
    if (key === null) throw denied();
  } else {
    const device = (await collections.devices().doc(request.deviceId).get()).data();
    if (device === undefined || roleOf(device, caller.uid) === undefined) throw denied();
  }
  const ota = (await documents.ota(request.deviceId).get()).data();
  if (
    ota === undefined ||
    ota.rolloutId !== request.rolloutId ||
    ota.version !== request.version ||
    ota.state === 'awaiting-approval' ||
    !beforeInstalling(ota.state)
  ) {
    throw noOffer();
  }
  if (caller.kind === 'member') {
    if (ota.lease === null || ota.lease.uid !== caller.uid || ota.lease.expiresAt <= now) {
      throw denied();
    }
  }
  const rollout = await cachedModelRollout(ota.model, now);
  if (rollout?.id !== request.rolloutId) throw noOffer();
  return imageFor(rollout, ota).image;
}

import { FIRMWARE_DOWNLOAD_URL, projectId, REGION, underEmulator } from '../../config.ts';

/** The deployed name of the download endpoint (functions/src/index.ts exports it so). */
export const FIRMWARE_DOWNLOAD_FUNCTION = 'firmwareDownload';

/**
 * Where gadgets and apps download firmware: FIRMWARE_DOWNLOAD_URL when set; else, under an
 * emulator, beside the function that was called (`http://host/{project}/{region}/…`, the host the
 * caller used; a deployed function never trusts the Host header for this); else the deployed
 * function's own URL.
 */
export function firmwareDownloadBase(host: string | undefined): string {
  const configured = FIRMWARE_DOWNLOAD_URL.value();
  if (configured !== '') return configured;
  if (underEmulator() && host !== undefined) {
    return `http://${host}/${projectId()}/${REGION}/${FIRMWARE_DOWNLOAD_FUNCTION}`;
  }
  return `https://${REGION}-${projectId()}.cloudfunctions.net/${FIRMWARE_DOWNLOAD_FUNCTION}`;
}

/** One gadget's download URL for one offer: useless without its device key or a member's lease. */
export function firmwareDownloadUrl(
  base: string,
  offer: { deviceId: string; rolloutId: string; version: string },
): string {
  const url = new URL(base);
  url.searchParams.set('deviceId', offer.deviceId);
  url.searchParams.set('rolloutId', offer.rolloutId);
  url.searchParams.set('version', offer.version);
  return url.toString();
}

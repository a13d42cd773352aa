import {
  BLE_TRANSFER,
  GadgetReportSchema,
  GetFirmwareOfferResponseSchema,
  IngestRequestSchema,
  IngestResponseSchema,
} from '@gadget/shared';

/**
 * "Firmware updates" in docs/API.md's gadget protocol: the offer, the download, the reports and the
 * confirmation, over Wi-Fi and through a phone. The examples are parsed by the contracts' schemas
 * when the docs are generated, so they cannot drift from them.
 */
export function renderFirmwareProtocolDocs(): string[] {
  const offer = {
    version: '1.4.0',
    url: 'https://us-central1-PROJECT.cloudfunctions.net/firmwareDownload?deviceId=dev-7Kq2&rolloutId=r-2026-12&version=1.4.0',
    size: 1_048_576,
    sha256: '3f1c0e5b9d2a7c4e8f6b1a0d9c8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e',
    signature: `${'k'.repeat(86)}==`,
    rolloutId: 'r-2026-12',
    minFromVersion: '1.0.0',
    antiRollback: 3,
    deltaFrom: null,
  };
  const offered = IngestResponseSchema.parse({
    accepted: 0,
    duplicates: 0,
    commands: [],
    nextPollSeconds: 900,
    firmware: offer,
  });
  const reporting = IngestRequestSchema.parse({
    firmware: '1.2.0',
    ota: { rolloutId: 'r-2026-12', version: '1.4.0', state: 'downloading', progress: 60 },
  });
  const confirming = IngestRequestSchema.parse({ firmware: '1.4.0' });
  const relayed = GadgetReportSchema.parse({
    seq: 413,
    firmware: '1.2.0',
    ota: { rolloutId: 'r-2026-12', version: '1.4.0', state: 'installing' },
  });
  const phone = GetFirmwareOfferResponseSchema.parse({
    available: true,
    offer,
    notes: 'Faster sync and a brighter display.',
    leaseExpiresAt: '2026-12-07T09:20:16.000Z',
    transferSeconds:
      Math.ceil(offer.size / BLE_TRANSFER.bytesPerSecond) + BLE_TRANSFER.eraseAllowanceSeconds,
  });
  const json = (value: unknown) => ['```json', JSON.stringify(value, null, 2), '```'];
  return [
    '## Firmware updates',
    '',
    'Releases are signed by the operator’s key (`npm run firmware:release`), never by the backend; a',
    'gadget checks every image with the public key built into its firmware. A release reaches a',
    'model’s gadgets in stages (`npm run firmware:rollout`); the gadget’s update lives in',
    '`devices/{id}/ota/current`, which members read.',
    '',
    '**The offer.** While a gadget is due an update, every `ingest` answer carries `firmware` until',
    'it installs, fails, or the update is withdrawn (the rollout aborted, the release revoked). An',
    'answer without it while the gadget downloads means withdrawn: drop the bytes and stop.',
    '',
    ...json(offered),
    '',
    'Before downloading a byte, the gadget checks `signature` (Ed25519, base64) over',
    '`firmwareManifestBytes({model, version, size, sha256, minFromVersion, antiRollback, deltaFrom})`',
    '(shared `firmware-manifest.ts`: a fixed prefix and the fields in that order as JSON), that',
    '`antiRollback` is not below its own counter, that it runs `minFromVersion` or newer, and that',
    '`deltaFrom` is null or the version it runs. A check that fails is reported as `failed`.',
    '',
    '**The download.** `GET url` with the gadget’s own `Authorization: Device <deviceId>:<deviceKey>`',
    'and `Range: bytes=START-END` (64 KiB ranges work well). The answer is 206 with',
    '`Content-Range`; after a cut, ask for the rest from the bytes held. 416: a range past the end.',
    '404: the offer no longer stands (stop; the next answer says whether it still does). 401/403:',
    'credentials. The URL is useless without the device key, and only while the offer stands.',
    'Then check the size and `sha256`.',
    '',
    '**Reports.** Each call carries where the update is, until a call carrying it succeeds: `ota`',
    'with `state` `downloading` (and `progress` in percent), `downloaded`, `installing`, or',
    '`failed` / `rolled-back` with a short `error`. Reports never move an update back: a repeated or',
    'late one changes nothing.',
    '',
    ...json(reporting),
    '',
    '**Test-boot and confirm.** After `installing` the gadget boots the new image and keeps the old',
    'one. Its next call reports the new `firmware`; that call succeeding confirms the update',
    '(`succeeded`), and the gadget then drops the old image and adopts `antiRollback`. If the image',
    'does not boot, or that call is refused, the bootloader goes back to the old image and the gadget',
    'reports `rolled-back`. A version that failed or rolled back on a gadget is never offered to it',
    'again.',
    '',
    ...json(confirming),
    '',
    '**Through a phone (BLE gadgets).** A member’s app calls `getFirmwareOffer {deviceId}`: the same',
    'offer, the release notes in the member’s language, and a lease so that one phone at a time',
    `carries the update (another phone gets \`failed-precondition\` until it ends). The lease lasts`,
    `\`transferSeconds\`: the image at ${String(BLE_TRANSFER.bytesPerSecond)} bytes a second plus ${String(BLE_TRANSFER.eraseAllowanceSeconds)} seconds for the flash erase.`,
    '',
    ...json(phone),
    '',
    'The app downloads `url` with `Authorization: Bearer <the member’s ID token>` and passes the',
    'image to the gadget over BLE. The gadget runs the same checks and reports its states in its',
    'signed reports, which the app relays with `relayGadgetReport`; so a phone cannot fake a',
    'gadget’s success or failure. A final state ends the lease.',
    '',
    ...json(relayed),
    '',
  ];
}

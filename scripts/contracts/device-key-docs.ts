import { INGEST_PATH } from '@gadget/shared';

/**
 * "The device key" part of docs/API.md: how a Wi-Fi gadget gets the key it calls `ingest` with,
 * from the claim to its replacement, and what its refusals mean. BLE gadgets have no device key:
 * their app relays their signed reports (`relayGadgetReport`).
 */
export function renderDeviceKeyDocs(): string[] {
  return [
    '## The device key',
    '',
    'A Wi-Fi gadget calls `ingest` with `Authorization: Device <deviceId>:<deviceKey>`. Its life:',
    '',
    '1. **Once, after `claimDevice`**, the app (of the owner or an admin) calls `rotateDeviceKey`. A',
    '   claimed device has no key: “rotate” issues the first key the same way it replaces one later.',
    '   Every call issues a new key, and the previous one fails on its next use.',
    '2. **The answer `{deviceKey}` is the only copy**: the backend keeps its SHA-256 alone, and no',
    '   call shows the key again. The app hands it to the gadget at once and does not keep it; a key',
    '   lost on the way is replaced by rotating again (10 rotations per device an hour).',
    '3. **The gadget keeps it** in its own secure storage with the device id, and sends both on every',
    '   call.',
    '4. **It stops working** when it is rotated again, when the member who rotated it leaves, is',
    '   removed or is no longer owner or admin, and when the device is released. The gadget then',
    '   needs a new key from the app: rotate, and hand it over as the first time.',
    '',
    'How the key reaches the gadget is the app’s and the firmware’s choice; the backend only issues it:',
    '',
    '| channel | how | trade-offs |',
    '|---|---|---|',
    '| BLE | During setup the app writes the device id and key (with the Wi-Fi credentials) to a provisioning characteristic over an encrypted, bonded connection (LE Secure Connections). | The usual choice: the key never leaves the phone and the gadget, and one connection carries the Wi-Fi credentials too. Needs a BLE radio on the gadget and a pairing step. |',
    '| SoftAP | The gadget opens its own access point; the phone joins it and posts the id, key and Wi-Fi credentials to the gadget’s local HTTP server. | No BLE needed. The phone leaves its network for a minute (the OS asks, and may switch back on its own), and the local link must be protected: a per-gadget access point password from the label, or the key encrypted to the gadget’s public key. |',
    '| QR code | The app shows the id and key as a QR code, and the gadget’s camera reads it. | Only for gadgets with a camera. Anyone who sees the screen can copy the key: show it briefly, and rotate if in doubt. |',
    '',
    `What \`${INGEST_PATH.slice(1)}\` answers about the key:`,
    '',
    '- **401** `unauthenticated`, with `WWW-Authenticate: Device`: no `Device <deviceId>:<deviceKey>`',
    '  header at all (missing, another scheme, or no id and key). The firmware is sending the wrong',
    '  header.',
    '- **403** `permission-denied`, “This device key is not valid.”: a key was sent, and it is not the',
    '  device’s current key: malformed (a truncated key, characters no key has), wrong, rotated,',
    '  another device’s, or the device was released. One answer for all, so a guesser learns nothing.',
    '  Retrying cannot help: the gadget stops calling and waits for a new key from the app.',
    '',
  ];
}

// What the seed and provisioning scripts (scripts/seed/, scripts/provision/) write as the functions
// write it: a new device's document, a registry entry's claim code, readings in their hour
// documents, a push token's hash. Scripts reach functions code only through for-scripts/
// (scripts/functions-entry.test.ts checks), one entry per family of scripts, so `npm start`, which
// seeds, loads none of what maintenance or firmware releases need.
export { newDevice } from '../services/devices/new-device.ts';
export { generateClaimCode, hashClaimCode } from '../services/devices/claim-codes.ts';
export { groupByHour, withReadings } from '../services/telemetry/hour-docs.ts';
export { hashToken } from '../services/notifications/tokens.ts';

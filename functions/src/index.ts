// The deployed functions: one line each, the export name is the deployed name.
import './config.ts';

export { ensureProfile } from './callables/ensure-profile.ts';
export { onUserCreated } from './triggers/auth/on-user-created.ts';
export { claimDevice } from './callables/claim-device.ts';
export { updateDevice } from './callables/update-device.ts';
export { releaseDevice } from './callables/release-device.ts';
export { rotateDeviceKey } from './callables/rotate-device-key.ts';
export { createInvite } from './callables/create-invite.ts';
export { acceptInvite } from './callables/accept-invite.ts';
export { removeMember } from './callables/remove-member.ts';
export { leaveDevice } from './callables/leave-device.ts';
export { transferOwnership } from './callables/transfer-ownership.ts';
export { updateProfile } from './callables/update-profile.ts';
export { deleteAccount } from './callables/delete-account.ts';
export { requestDataExport } from './callables/request-data-export.ts';
export { onUserDeleted } from './triggers/auth/on-user-deleted.ts';
export { submitReadings } from './callables/submit-readings.ts';
export { getReadingHistory } from './callables/get-reading-history.ts';
export { acknowledgeAlert } from './callables/acknowledge-alert.ts';
export { ingest } from './triggers/https/ingest.ts';
export { deviceWatchdog } from './triggers/schedule/device-watchdog.ts';

import { acceptInviteContract } from './contracts/accept-invite.ts';
import { acknowledgeAlertContract } from './contracts/acknowledge-alert.ts';
import { claimDeviceContract } from './contracts/claim-device.ts';
import { createInviteContract } from './contracts/create-invite.ts';
import { createScheduleContract } from './contracts/create-schedule.ts';
import { deleteScheduleContract } from './contracts/delete-schedule.ts';
import { listSchedulesContract } from './contracts/list-schedules.ts';
import { updateScheduleContract } from './contracts/update-schedule.ts';
import { deleteAccountContract } from './contracts/delete-account.ts';
import { deleteDevicePhotoContract } from './contracts/delete-device-photo.ts';
import { ensureProfileContract } from './contracts/ensure-profile.ts';
import { getReadingHistoryContract } from './contracts/get-reading-history.ts';
import { leaveDeviceContract } from './contracts/leave-device.ts';
import { listInvitesContract } from './contracts/list-invites.ts';
import { revokeInviteContract } from './contracts/revoke-invite.ts';
import { releaseDeviceContract } from './contracts/release-device.ts';
import { removeMemberContract } from './contracts/remove-member.ts';
import { registerPushTokenContract } from './contracts/register-push-token.ts';
import { sendTestNotificationContract } from './contracts/send-test-notification.ts';
import { unregisterPushTokenContract } from './contracts/unregister-push-token.ts';
import { requestDataExportContract } from './contracts/request-data-export.ts';
import { rotateDeviceKeyContract } from './contracts/rotate-device-key.ts';
import { submitReadingsContract } from './contracts/submit-readings.ts';
import { transferOwnershipContract } from './contracts/transfer-ownership.ts';
import { updateDeviceContract } from './contracts/update-device.ts';
import { updateProfileContract } from './contracts/update-profile.ts';
import { setDeviceSettingsContract } from './contracts/set-device-settings.ts';
import { sendCommandContract } from './contracts/send-command.ts';
import { cancelCommandContract } from './contracts/cancel-command.ts';
import { watchDeviceContract } from './contracts/watch-device.ts';
import { relayGadgetReportContract } from './contracts/relay-gadget-report.ts';
import { getFirmwareOfferContract } from './contracts/get-firmware-offer.ts';
import { approveUpdateContract } from './contracts/approve-update.ts';

/**
 * Every callable the backend deploys, by deployed name. The typed client is built from this; a test
 * checks that it lists every contract the package exports.
 */
export const CALLABLES = {
  acceptInvite: acceptInviteContract,
  acknowledgeAlert: acknowledgeAlertContract,
  claimDevice: claimDeviceContract,
  createInvite: createInviteContract,
  createSchedule: createScheduleContract,
  deleteSchedule: deleteScheduleContract,
  listSchedules: listSchedulesContract,
  updateSchedule: updateScheduleContract,
  deleteAccount: deleteAccountContract,
  deleteDevicePhoto: deleteDevicePhotoContract,
  ensureProfile: ensureProfileContract,
  getReadingHistory: getReadingHistoryContract,
  leaveDevice: leaveDeviceContract,
  listInvites: listInvitesContract,
  revokeInvite: revokeInviteContract,
  releaseDevice: releaseDeviceContract,
  removeMember: removeMemberContract,
  registerPushToken: registerPushTokenContract,
  sendTestNotification: sendTestNotificationContract,
  unregisterPushToken: unregisterPushTokenContract,
  requestDataExport: requestDataExportContract,
  rotateDeviceKey: rotateDeviceKeyContract,
  submitReadings: submitReadingsContract,
  transferOwnership: transferOwnershipContract,
  updateDevice: updateDeviceContract,
  updateProfile: updateProfileContract,
  setDeviceSettings: setDeviceSettingsContract,
  sendCommand: sendCommandContract,
  cancelCommand: cancelCommandContract,
  watchDevice: watchDeviceContract,
  relayGadgetReport: relayGadgetReportContract,
  getFirmwareOffer: getFirmwareOfferContract,
  approveUpdate: approveUpdateContract,
} as const;

import * as logger from 'firebase-functions/logger';

/**
 * One named function per log event, with structured fields, so that log-based metrics and alerts
 * can match on `event`. Never pass emails, tokens, claim codes or device keys here.
 */

export function profileCreated(fields: { uid: string; source: 'auth-trigger' | 'callable' }): void {
  logger.info('profile created', { event: 'profile_created', ...fields });
}

export function profileAlreadyExisted(fields: {
  uid: string;
  source: 'auth-trigger' | 'callable';
}): void {
  logger.debug('profile already existed', { event: 'profile_already_existed', ...fields });
}

export function callableRejected(fields: {
  callable: string;
  uid: string | undefined;
  code: string;
  reason: string;
}): void {
  logger.info('callable rejected', { event: 'callable_rejected', ...fields });
}

export function callableFailed(fields: {
  callable: string;
  uid: string | undefined;
  durationMs: number;
  error: unknown;
}): void {
  logger.error('callable failed', {
    event: 'callable_failed',
    callable: fields.callable,
    uid: fields.uid,
    durationMs: fields.durationMs,
    error: describeError(fields.error),
  });
}

function describeError(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    };
  }
  return { name: 'NonError', message: String(error) };
}

export function deviceClaimed(fields: { uid: string; deviceId: string; serial: string }): void {
  logger.info('device claimed', { event: 'device_claimed', ...fields });
}

export function deviceClaimFailed(fields: {
  uid: string;
  serial: string;
  reason: 'unknown-serial' | 'wrong-code' | 'locked' | 'claimed-by-other';
  lockedNow: boolean;
}): void {
  logger.info('device claim failed', { event: 'device_claim_failed', ...fields });
}

export function deviceUpdated(fields: { uid: string; deviceId: string; fields: string[] }): void {
  logger.info('device updated', { event: 'device_updated', ...fields });
}

export function deviceReleased(fields: {
  deviceId: string;
  reason: 'owner-released' | 'owner-deleted';
  notified: number;
}): void {
  logger.info('device released', { event: 'device_released', ...fields });
}

export function deviceKeyRotated(fields: { uid: string; deviceId: string }): void {
  logger.info('device key rotated', { event: 'device_key_rotated', ...fields });
}

export function inviteCreated(fields: {
  uid: string;
  deviceId: string;
  role: 'admin' | 'viewer';
}): void {
  logger.info('invite created', { event: 'invite_created', ...fields });
}

export function inviteRevoked(fields: { uid: string; deviceId: string }): void {
  logger.info('invite revoked', { event: 'invite_revoked', ...fields });
}

export function inviteAccepted(fields: {
  uid: string;
  deviceId: string;
  role: 'admin' | 'viewer';
  repeated: boolean;
}): void {
  logger.info('invite accepted', { event: 'invite_accepted', ...fields });
}

export function memberRemoved(fields: {
  uid: string;
  deviceId: string;
  removedUid: string;
  by: 'owner-or-admin' | 'self';
}): void {
  logger.info('member removed', { event: 'member_removed', ...fields });
}

export function ownershipTransferred(fields: {
  deviceId: string;
  fromUid: string;
  toUid: string;
}): void {
  logger.info('ownership transferred', { event: 'ownership_transferred', ...fields });
}

export function profileUpdated(fields: { uid: string; fields: string[] }): void {
  logger.info('profile updated', { event: 'profile_updated', ...fields });
}

export function profileNotRecreated(fields: {
  uid: string;
  source: 'auth-trigger' | 'callable';
}): void {
  logger.info('profile of a deleted account not recreated', {
    event: 'profile_not_recreated',
    ...fields,
  });
}

export function accountDeletionStepDone(fields: {
  uid: string;
  source: 'callable' | 'auth-trigger' | 'maintenance';
  step: string;
  count: number;
  durationMs: number;
}): void {
  logger.info('account deletion step done', { event: 'account_deletion_step_done', ...fields });
}

export function accountSwept(fields: { uid: string }): void {
  logger.warn('account swept after a call that overlapped its deletion', {
    event: 'account_swept',
    ...fields,
  });
}

export function accountDeletionFinished(fields: {
  uid: string;
  source: 'callable' | 'auth-trigger' | 'maintenance';
  stepsRun: readonly string[];
  durationMs: number;
}): void {
  logger.info('account deletion finished', { event: 'account_deletion_finished', ...fields });
}

export function accountDeletionAlreadyFinished(fields: {
  uid: string;
  source: 'callable' | 'auth-trigger' | 'maintenance';
}): void {
  logger.debug('account deletion already finished', {
    event: 'account_deletion_already_finished',
    ...fields,
  });
}

export function dataExportWritten(fields: {
  uid: string;
  exportId: string;
  bytes: number;
  devices: number;
  readings: number;
  durationMs: number;
}): void {
  logger.info('data export written', { event: 'data_export_written', ...fields });
}

export function readingsIngested(fields: {
  deviceId: string;
  source: 'app' | 'device';
  uid?: string;
  accepted: number;
  duplicates: number;
  alertsWritten: number;
  /** A gadget's own call: the desired version sent down, commands sent and finished. */
  desiredSent?: number | null;
  commandsSent?: number;
  commandsFinished?: number;
  /** The firmware version offered in the answer, if any. */
  firmwareOffered?: string | null;
  durationMs: number;
}): void {
  logger.info('readings ingested', { event: 'readings_ingested', ...fields });
}

export function ingestRejected(fields: {
  deviceId: string | undefined;
  status: number;
  code: string;
  reason: string;
}): void {
  logger.info('ingest rejected', { event: 'ingest_rejected', ...fields });
}

export function firmwareDownloaded(fields: {
  deviceId: string;
  rolloutId: string;
  caller: 'device' | 'member';
  bytes: number;
  durationMs: number;
}): void {
  logger.info('firmware downloaded', { event: 'firmware_downloaded', ...fields });
}

export function firmwareDownloadFailed(fields: { durationMs: number; error: unknown }): void {
  logger.error('firmware download failed', {
    event: 'firmware_download_failed',
    durationMs: fields.durationMs,
    error: describeError(fields.error),
  });
}

export function firmwareOfferAsked(fields: {
  uid: string;
  deviceId: string;
  offered: string | null;
  reason: string | null;
}): void {
  logger.info('firmware offer asked', { event: 'firmware_offer_asked', ...fields });
}

export function updateApproved(fields: {
  uid: string;
  deviceId: string;
  rolloutId: string;
  state: string;
}): void {
  logger.info('update approved', { event: 'update_approved', ...fields });
}

interface RolloutCountsLog {
  offered: number;
  attempts: number;
  succeeded: number;
  failed: number;
  silent: number;
}

/**
 * A rollout stopped itself: a gate tripped. `event: rollout_paused` is what an alert policy on
 * log-based metrics watches (docs/ARCHITECTURE.md).
 */
export function rolloutPaused(
  fields: {
    rolloutId: string;
    model: string;
    version: string;
    gate: 'failure-rate' | 'silent-rate';
    reason: string;
  } & RolloutCountsLog,
): void {
  logger.warn('rollout paused by a gate', { event: 'rollout_paused', ...fields });
}

export function rolloutAdvanced(
  fields: { rolloutId: string; model: string; version: string; percent: number } & RolloutCountsLog,
): void {
  logger.info('rollout advanced', { event: 'rollout_advanced', ...fields });
}

export function rolloutEvaluatorRun(fields: {
  rollouts: number;
  paused: number;
  advanced: number;
  durationMs: number;
}): void {
  logger.info('rollout evaluator run', { event: 'rollout_evaluator_run', ...fields });
}

export function rolloutSynced(fields: {
  rolloutId: string;
  summary: 'set' | 'cleared' | 'unchanged';
  withdrawn: number;
}): void {
  logger.info('rollout summary synced', { event: 'rollout_synced', ...fields });
}

export function ingestFailed(fields: {
  deviceId: string | undefined;
  durationMs: number;
  error: unknown;
}): void {
  logger.error('ingest failed', {
    event: 'ingest_failed',
    deviceId: fields.deviceId,
    durationMs: fields.durationMs,
    error: describeError(fields.error),
  });
}

export function alertAcknowledged(fields: {
  uid: string;
  deviceId: string;
  alertId: string;
  changed: boolean;
}): void {
  logger.info('alert acknowledged', { event: 'alert_acknowledged', ...fields });
}

export function watchdogRun(fields: {
  candidates: number;
  markedOffline: number;
  skipped: number;
  /** Commands past their deadline that no gadget call had settled. */
  commandsExpired: number;
  durationMs: number;
}): void {
  logger.info('device watchdog run', { event: 'watchdog_run', ...fields });
}

export function alertClearFlushRun(fields: {
  windows: number;
  cleared: number;
  durationMs: number;
}): void {
  logger.info('alert clear flush run', { event: 'alert_clear_flush_run', ...fields });
}

export function deviceMarkedOffline(fields: { deviceId: string; lastSeenAt: string }): void {
  logger.info('device marked offline', { event: 'device_marked_offline', ...fields });
}

export function imageUploadIgnored(fields: { name: string; reason: string }): void {
  logger.debug('image upload ignored', { event: 'image_upload_ignored', ...fields });
}

export function imageUploadSkipped(fields: {
  kind: string;
  uid?: string;
  deviceId?: string;
  generation: string;
  outcome: string;
}): void {
  logger.info('image upload skipped', { event: 'image_upload_skipped', ...fields });
}

export function imageUploadFailed(fields: {
  kind: string;
  uid?: string;
  deviceId?: string;
  generation: string;
  code: string;
  message: string;
}): void {
  logger.warn('image upload failed', { event: 'image_upload_failed', ...fields });
}

export function imageUploadProcessed(fields: {
  kind: string;
  uid?: string;
  deviceId?: string;
  generation: string;
  recorded: boolean;
  inputBytes: number;
  outputBytes: number;
  durationMs: number;
}): void {
  logger.info('image upload processed', { event: 'image_upload_processed', ...fields });
}

export function devicePhotoDeleted(fields: {
  uid: string;
  deviceId: string;
  photoId: string;
  objects: number;
}): void {
  logger.info('device photo deleted', { event: 'device_photo_deleted', ...fields });
}

export function pushTokenRegistered(fields: {
  uid: string;
  platform: 'ios' | 'android' | 'web';
  moved: boolean;
  evicted: number;
}): void {
  logger.info('push token registered', { event: 'push_token_registered', ...fields });
}

export function pushTokenUnregistered(fields: { uid: string; removed: boolean }): void {
  logger.info('push token unregistered', { event: 'push_token_unregistered', ...fields });
}

export function testNotificationSent(fields: {
  uid: string;
  sent: number;
  failed: number;
  pruned: number;
}): void {
  logger.info('test notification sent', { event: 'test_notification_sent', ...fields });
}

export function notificationFannedOut(fields: {
  trigger: 'onAlertWritten' | 'onDeviceWritten' | 'onCommandWritten' | 'onOtaWritten';
  deviceId: string;
  eventId: string;
  /** onCommandWritten: the command and how it ended; onOtaWritten: the update's outcome. */
  commandId?: string;
  outcome?:
    'failed' | 'rejected' | 'timed-out' | 'expired' | 'waiting' | 'rolled-back' | 'installed';
  recipients: number;
  skipped: Readonly<Record<string, number>>;
  sent: number;
  failed: number;
  pruned: number;
  durationMs: number;
}): void {
  logger.info('notification fanned out', { event: 'notification_fanned_out', ...fields });
}

export function notificationEventDropped(fields: {
  trigger: 'onAlertWritten' | 'onDeviceWritten' | 'onCommandWritten' | 'onOtaWritten';
  deviceId: string;
  eventId: string;
  commandId?: string;
}): void {
  logger.warn('notification event too old, dropped', {
    event: 'notification_event_dropped',
    ...fields,
  });
}

export function maintenanceRun(fields: {
  dryRun: boolean;
  durationMs: number;
  tasks: Record<string, { deleted: number; fixed: number; backlog: boolean; error?: string }>;
}): void {
  logger.info('nightly maintenance run', { event: 'maintenance_run', ...fields });
}

export function maintenanceSkipped(fields: { holder: string; heldBy: string }): void {
  logger.info('nightly maintenance skipped: another run holds the lease', {
    event: 'maintenance_skipped',
    ...fields,
  });
}

export function maintenanceTaskFailed(fields: { task: string; error: string }): void {
  logger.error('nightly maintenance task failed', { event: 'maintenance_task_failed', ...fields });
}

export function scheduleRunFailed(fields: {
  scheduleId: string | undefined;
  durationMs: number;
  error: unknown;
}): void {
  logger.error('schedule run failed', {
    event: 'schedule_run_failed',
    scheduleId: fields.scheduleId,
    durationMs: fields.durationMs,
    error: describeError(fields.error),
  });
}
export function scheduleRan(fields: {
  scheduleId: string;
  scheduleTime: string;
  outcome: 'sent' | 'duplicate' | 'in-progress' | 'gone' | 'paused';
  durationMs: number;
}): void {
  logger.info('schedule ran', { event: 'schedule_ran', ...fields });
}

export function commandNotificationSilenced(fields: {
  deviceId: string;
  commandId: string;
  eventId: string;
  reason: 'device-gone' | 'not-a-member';
}): void {
  logger.info('command outcome told no one', { event: 'command_notification_silenced', ...fields });
}

export function updateNotificationSilenced(fields: {
  deviceId: string;
  eventId: string;
  reason: 'device-gone' | 'superseded';
}): void {
  logger.info('firmware update news told no one', {
    event: 'update_notification_silenced',
    ...fields,
  });
}

export function deviceSettingsSet(fields: {
  uid: string;
  deviceId: string;
  version: number;
  changed: string[];
}): void {
  logger.info('device settings set', { event: 'device_settings_set', ...fields });
}

export function commandQueued(fields: {
  uid: string;
  deviceId: string;
  commandId: string;
  command: string;
}): void {
  logger.info('command queued', { event: 'command_queued', ...fields });
}

export function commandCancelled(fields: {
  uid: string;
  deviceId: string;
  commandId: string;
}): void {
  logger.info('command cancelled', { event: 'command_cancelled', ...fields });
}

export function gadgetReportRelayed(fields: {
  uid: string;
  deviceId: string;
  seq: number;
  accepted: boolean;
  verified: boolean;
  desiredSent: number | null;
  commandsSent: number;
  commandsFinished: number;
}): void {
  logger.info('gadget report relayed', { event: 'gadget_report_relayed', ...fields });
}

import { closedDays } from './closed-days.ts';
import { coMembers } from './co-members.ts';
import { deviceSerials } from './device-serials.ts';
import { expiredDocuments } from './expired-documents.ts';
import { orphanDevices } from './orphan-devices.ts';
import { orphanProfiles } from './orphan-profiles.ts';
import { reconcileSchedules } from './schedule-jobs.ts';
import { stalePushTokens } from './stale-push-tokens.ts';
import { storageObjects } from './storage-objects.ts';
import type { MaintenanceTask } from './task.ts';

/**
 * The nightly tasks, in the order they run. Closed days are moved before anything expires. Profiles come before devices: a profile's cascade
 * handles its devices, so the device task only meets owners with no profile left either.
 * `deviceSerials` goes first: it takes serials out of viewers' reach on devices claimed before
 * they had an identity document. `coMembers` follows: it records the pairs of devices shared
 * before co-member records existed, so their members see each other's avatars.
 */
export const MAINTENANCE_TASKS: readonly MaintenanceTask[] = [
  deviceSerials,
  coMembers,
  closedDays,
  expiredDocuments,
  stalePushTokens,
  storageObjects,
  orphanProfiles,
  orphanDevices,
  reconcileSchedules,
];

export const MAINTENANCE_TASK_NAMES = MAINTENANCE_TASKS.map((task) => task.name);

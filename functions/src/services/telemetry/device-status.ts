import { DEVICE_MODELS } from '@gadget/shared';
import type { Device, DeviceModelId, FirmwareStatus, StatusTransition } from '@gadget/shared';
import type { ValidReading } from './validation.ts';

/** How long a device of `model` may stay silent before the watchdog marks it offline. */
export function offlineAfterMs(model: DeviceModelId): number {
  return DEVICE_MODELS[model].offlineAfterMinutes * 60 * 1000;
}

/** The device fields new readings change; only the ones that do change are present. */
export interface StatusChange {
  latest?: { ts: Date; values: Record<string, number> };
  'status.lastSeenAt'?: Date;
  'status.online'?: boolean;
  'status.battery'?: number;
  'status.firmware'?: FirmwareStatus;
  lastTransition?: StatusTransition;
}

/**
 * What new readings do to the device. `latest` follows the newest `ts`, never arrival, so late
 * readings never move it back. `lastSeenAt` is the newest reading time (capped at now): a backlog
 * the app relays days later does not make a silent gadget look online, a fresh reading does.
 */
export function statusChange(
  device: Device,
  fresh: readonly ValidReading[],
  now: Date,
  firmware: FirmwareStatus | undefined,
): StatusChange {
  const change: StatusChange = {};
  const newest = fresh.reduce<ValidReading | undefined>(
    (best, reading) => (best === undefined || reading.ts > best.ts ? reading : best),
    undefined,
  );
  if (newest !== undefined && (device.latest === null || newest.ts > device.latest.ts)) {
    change.latest = { ts: newest.ts, values: { ...newest.values } };
    const battery = newest.values.battery;
    if (battery !== undefined && battery !== device.status.battery) {
      change['status.battery'] = battery;
    }
  }
  if (newest !== undefined) {
    const seen = new Date(Math.min(newest.ts.getTime(), now.getTime()));
    const lastSeenAt = device.status.lastSeenAt;
    if (lastSeenAt === null || seen > lastSeenAt) {
      change['status.lastSeenAt'] = seen;
      const online = now.getTime() - seen.getTime() < offlineAfterMs(device.model);
      if (online && !device.status.online) {
        change['status.online'] = true;
        change.lastTransition = {
          kind: 'online',
          at: now,
          seq: (device.lastTransition?.seq ?? 0) + 1,
        };
      }
    }
  }
  const current = device.status.firmware;
  if (firmware !== undefined && (current === null || current.version !== firmware.version)) {
    change['status.firmware'] = firmware;
  }
  return change;
}

import type { Device, DeviceView, Role } from '@gadget/shared';

/**
 * A device as a member sees it in callable responses: ISO timestamps and their own role. `serial`
 * comes from the identity document (`serialFor`): null for viewers.
 */
export function toDeviceView(
  deviceId: string,
  device: Device,
  role: Role,
  serial: string | null,
): DeviceView {
  return {
    deviceId,
    serial: role === 'viewer' ? null : serial,
    model: device.model,
    name: device.name,
    ownerUid: device.ownerUid,
    role,
    members: device.members,
    memberSince: Object.fromEntries(
      Object.entries(device.memberSince).map(([uid, since]) => [uid, since.toISOString()]),
    ),
    thresholds: device.thresholds,
    muted: device.muted,
    updatePolicy: device.updatePolicy ?? 'auto',
    status: {
      ...device.status,
      lastSeenAt: device.status.lastSeenAt?.toISOString() ?? null,
    },
    latest:
      device.latest === null
        ? null
        : { ts: device.latest.ts.toISOString(), values: device.latest.values },
    createdAt: device.createdAt.toISOString(),
  };
}

import type { Device, Role } from '@gadget/shared';
import { notFound, permissionDenied } from '../../errors.ts';

/**
 * One answer for "no such device" and "not yours": a non-member learns nothing about a device id,
 * not even that it exists. Members lacking the role get `permission-denied` instead.
 */
export const DEVICE_NOT_FOUND_MESSAGE = 'No such device, or you are not a member of it.';

export function roleOf(device: Device, uid: string): Role | undefined {
  return Object.hasOwn(device.members, uid) ? device.members[uid] : undefined;
}

/** The device if `uid` holds one of `allowed` on it; throws `not-found` or `permission-denied`. */
export function requireRole(
  device: Device | undefined,
  uid: string,
  allowed: readonly Role[],
): { device: Device; role: Role } {
  const role = device === undefined ? undefined : roleOf(device, uid);
  if (device === undefined || role === undefined) throw notFound(DEVICE_NOT_FOUND_MESSAGE);
  if (!allowed.includes(role)) {
    throw permissionDenied(`Your role on this device (${role}) does not allow this.`);
  }
  return { device, role };
}

import type { Device } from '@gadget/shared';

/**
 * What becomes of a device when its owner goes (their account deleted, or their auth user found
 * missing): the longest-standing admin takes it over, else it is released.
 */
export type Succession =
  { readonly kind: 'hand-over'; readonly heir: string } | { readonly kind: 'release' };

export function successionOf(device: Device): Succession {
  const heir = longestStandingAdmin(device);
  return heir === undefined ? { kind: 'release' } : { kind: 'hand-over', heir };
}

/** The admin who joined first (ties broken by uid, so the choice is stable), if there is one. */
export function longestStandingAdmin(device: Device): string | undefined {
  const joined = (uid: string) => device.memberSince[uid]?.getTime() ?? Number.POSITIVE_INFINITY;
  return Object.entries(device.members)
    .filter(([uid, role]) => role === 'admin' && uid !== device.ownerUid)
    .map(([uid]) => uid)
    .sort((a, b) => joined(a) - joined(b) || (a < b ? -1 : a > b ? 1 : 0))[0];
}

import type { Device } from '@gadget/shared';

/** A device document for the unit tests of the pure core: one owner, `o`, and `fields` on top. */
export function deviceWith(fields: Partial<Device>): Device {
  return {
    model: 'thermo-1',
    name: 'Cellar',
    ownerUid: 'o',
    members: { o: 'owner' },
    memberUids: ['o'],
    memberSince: { o: new Date(1) },
    thresholds: {},
    muted: false,
    status: { online: true, lastSeenAt: null, battery: null, firmware: null },
    latest: null,
    createdAt: new Date(0),
    ...fields,
  };
}

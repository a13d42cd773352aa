import { describe, expect, it } from 'vitest';
import type { Device } from '@gadget/shared';
import { deviceWith } from '../../test-fixtures/device.ts';
import { longestStandingAdmin, successionOf } from './succession.ts';

describe('successionOf', () => {
  it('releases a device with no admin, however many viewers it has', () => {
    expect(successionOf(deviceWith({}))).toEqual({ kind: 'release' });
    const viewers = deviceWith({
      members: { o: 'owner', v: 'viewer', w: 'viewer' },
      memberSince: { o: new Date(1), v: new Date(2), w: new Date(3) },
    });
    expect(successionOf(viewers)).toEqual({ kind: 'release' });
  });

  it('hands the device to the admin who joined first, not a viewer who joined earlier', () => {
    const device = deviceWith({
      members: { o: 'owner', v: 'viewer', late: 'admin', early: 'admin' },
      memberSince: { o: new Date(1), v: new Date(2), late: new Date(30), early: new Date(20) },
    });
    expect(successionOf(device)).toEqual({ kind: 'hand-over', heir: 'early' });
  });

  it('puts an admin without a join date last', () => {
    const undated = deviceWith({
      members: { o: 'owner', a: 'admin', z: 'admin' },
      memberSince: { o: new Date(1), z: new Date(9) },
    });
    expect(longestStandingAdmin(undated)).toBe('z');
  });

  it('never names the owner, even when the member map also lists them as admin', () => {
    const device = deviceWith({ ownerUid: 'o', members: { o: 'admin' } });
    expect(successionOf(device)).toEqual({ kind: 'release' });
  });
});

describe('longestStandingAdmin', () => {
  const device = (members: Device['members'], since: Record<string, number>): Device => ({
    model: 'thermo-1',
    name: 'x',
    ownerUid: 'owner',
    members,
    memberUids: Object.keys(members),
    memberSince: Object.fromEntries(Object.entries(since).map(([uid, t]) => [uid, new Date(t)])),
    thresholds: {},
    muted: false,
    status: { online: false, lastSeenAt: null, battery: null, firmware: null },
    latest: null,
    createdAt: new Date(0),
  });

  it('picks the admin who joined first, ignoring viewers and the owner', () => {
    expect(
      longestStandingAdmin(
        device(
          { owner: 'owner', v: 'viewer', a2: 'admin', a1: 'admin' },
          { owner: 0, v: 1, a1: 3, a2: 2 },
        ),
      ),
    ).toBe('a2');
  });

  it('breaks ties by uid and answers undefined without admins', () => {
    expect(
      longestStandingAdmin(device({ owner: 'owner', b: 'admin', a: 'admin' }, { a: 5, b: 5 })),
    ).toBe('a');
    expect(longestStandingAdmin(device({ owner: 'owner', v: 'viewer' }, { v: 1 }))).toBeUndefined();
  });
});

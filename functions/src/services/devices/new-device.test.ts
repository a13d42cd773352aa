import { describe, expect, it } from 'vitest';
import { DEVICE_MODELS, DeviceSchema } from '@gadget/shared';
import { newDevice } from './new-device.ts';

describe('newDevice', () => {
  const now = new Date('2026-03-01T10:00:00Z');

  it('makes the owner the only member, joined now, with nothing heard yet', () => {
    const device = newDevice({ model: 'thermo-1', ownerUid: 'u1', name: 'Cellar', now });
    expect(device).toEqual({
      model: 'thermo-1',
      name: 'Cellar',
      ownerUid: 'u1',
      members: { u1: 'owner' },
      memberUids: ['u1'],
      memberSince: { u1: now },
      thresholds: {},
      muted: false,
      status: { online: false, lastSeenAt: null, battery: null, firmware: null },
      latest: null,
      createdAt: now,
    });
    expect(DeviceSchema.safeParse(device).success).toBe(true);
  });

  it('names an unnamed device after its model', () => {
    for (const model of Object.keys(DEVICE_MODELS) as (keyof typeof DEVICE_MODELS)[]) {
      expect(newDevice({ model, ownerUid: 'u1', now }).name).toBe(DEVICE_MODELS[model].defaultName);
    }
  });
});

import { DEVICE_MODELS } from '@gadget/shared';
import type { Device, DeviceModelId } from '@gadget/shared';

export interface NewDevice {
  readonly model: DeviceModelId;
  readonly ownerUid: string;
  /** The model's default name when the owner gave none. */
  readonly name?: string | undefined;
  readonly now: Date;
}

/**
 * A device document as it is the moment it is claimed: its owner the only member, no thresholds,
 * not muted, and nothing heard from it yet. Claiming writes it; the seed starts from it.
 */
export function newDevice({ model, ownerUid, name, now }: NewDevice): Device {
  return {
    model,
    name: name ?? DEVICE_MODELS[model].defaultName,
    ownerUid,
    members: { [ownerUid]: 'owner' },
    memberUids: [ownerUid],
    memberSince: { [ownerUid]: now },
    thresholds: {},
    muted: false,
    status: { online: false, lastSeenAt: null, battery: null, firmware: null },
    latest: null,
    createdAt: now,
  };
}

import { randomInt } from 'node:crypto';
import type { TestCloud } from '@gadget/local-cloud/testing';
import type { DeviceModelId } from '@gadget/shared';
import { ClaimDeviceResponseSchema, CreateInviteResponseSchema } from '@gadget/shared';
import {
  generateClaimCode,
  hashClaimCode,
} from '../../functions/src/services/devices/claim-codes.ts';
import { TEST_CLAIM_CODE_SECRET } from './product-cloud.ts';

export interface ProvisionedDevice {
  readonly serial: string;
  readonly code: string;
}

/** Writes `deviceRegistry/{serial}` as the factory provisioning would, with a fresh claim code. */
export async function provisionDevice(
  cloud: TestCloud,
  options: { serial?: string; model?: DeviceModelId } = {},
): Promise<ProvisionedDevice> {
  const serial = options.serial ?? `GDG-${String(randomInt(100_000, 1_000_000))}`;
  const code = generateClaimCode();
  await cloud.firestore.doc(`deviceRegistry/${serial}`).set({
    model: options.model ?? 'thermo-1',
    claimSecretHash: hashClaimCode(code, TEST_CLAIM_CODE_SECRET),
    deviceKeyHash: null,
    claimedBy: null,
    deviceId: null,
    failedAttempts: 0,
    lockedUntil: null,
    provisionedAt: new Date(),
  });
  return { serial, code };
}

/** Provisions a device and claims it for `ownerUid` through the callable. */
export async function claimedDevice(
  cloud: TestCloud,
  ownerUid: string,
  options: { model?: DeviceModelId; name?: string } = {},
): Promise<ProvisionedDevice & { deviceId: string }> {
  const provisioned = await provisionDevice(cloud, options);
  const response = ClaimDeviceResponseSchema.parse(
    await cloud.call(
      'claimDevice',
      {
        serial: provisioned.serial,
        claimCode: provisioned.code,
        ...(options.name === undefined ? {} : { name: options.name }),
      },
      { uid: ownerUid },
    ),
  );
  return { ...provisioned, deviceId: response.deviceId };
}

/** Adds `uid` to the device with `role` the way the apps do: an invite from `byUid`, accepted. */
export async function addMember(
  cloud: TestCloud,
  deviceId: string,
  byUid: string,
  uid: string,
  role: 'admin' | 'viewer',
): Promise<void> {
  const { code } = CreateInviteResponseSchema.parse(
    await cloud.call('createInvite', { deviceId, role }, { uid: byUid }),
  );
  await cloud.call('acceptInvite', { code }, { uid });
}

/** The device document as stored (Timestamps left as they are), for before/after comparisons. */
export async function deviceDoc(
  cloud: TestCloud,
  deviceId: string,
): Promise<Record<string, unknown> | undefined> {
  return (await cloud.firestore.doc(`devices/${deviceId}`).get()).data();
}

export async function registryDoc(
  cloud: TestCloud,
  serial: string,
): Promise<Record<string, unknown> | undefined> {
  return (await cloud.firestore.doc(`deviceRegistry/${serial}`).get()).data();
}

export async function count(cloud: TestCloud, collection: string): Promise<number> {
  return (await cloud.firestore.collection(collection).count().get()).data().count;
}

/** A callable error's code and message, to show two refusals cannot be told apart. */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('expected the call to be refused');
}

/** Adds members straight to the device document (faster than invites, for tests about other things). */
export async function seedMembers(
  cloud: TestCloud,
  deviceId: string,
  members: Record<string, 'admin' | 'viewer'>,
): Promise<void> {
  const ref = cloud.firestore.doc(`devices/${deviceId}`);
  const doc = (await ref.get()).data() as {
    members: Record<string, string>;
    memberUids: string[];
    memberSince: Record<string, unknown>;
  };
  let joined = Date.now();
  const since = Object.fromEntries(Object.keys(members).map((uid) => [uid, new Date(++joined)]));
  await ref.update({
    members: { ...doc.members, ...members },
    memberUids: [...doc.memberUids, ...Object.keys(members)],
    memberSince: { ...doc.memberSince, ...since },
  });
}

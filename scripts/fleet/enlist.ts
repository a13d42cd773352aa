import type { Firestore } from 'firebase-admin/firestore';
import type { DeviceModelId } from '@gadget/shared';
import { provisionDevices } from '../provision/provision-devices.ts';
import type { ProvisionedDevice } from '../provision/provision-devices.ts';
import type { AppSession } from './app-session.ts';

/** A gadget the fleet has made ready: provisioned, claimed, keyed (Wi-Fi) and its interval set. */
export interface EnlistedGadget extends ProvisionedDevice {
  readonly deviceId: string;
  /** Null for a BLE gadget, which never calls ingest itself. */
  readonly deviceKey: string | null;
}

/** Calls made at once while enlisting: enough to be quick, few enough to stay under limits. */
const CONCURRENCY = 8;

/**
 * What a household does with new gadgets, for `count` of them: the factory's provisioning (registry
 * entries with claim codes and key pairs, through the provisioning script's own code), then the
 * app's claimDevice, rotateDeviceKey for a Wi-Fi gadget, and setDeviceSettings for the report
 * interval, so every gadget starts as one a person set up.
 */
export async function enlistGadgets(
  firestore: Firestore,
  app: AppSession,
  options: {
    readonly model: DeviceModelId;
    readonly count: number;
    readonly bleCount: number;
    readonly intervalSeconds: number;
    readonly claimCodeSecret: string;
  },
): Promise<EnlistedGadget[]> {
  const provisioned: ProvisionedDevice[] = [];
  await provisionDevices(firestore, {
    model: options.model,
    count: options.count,
    prefix: 'FLEET',
    claimCodeSecret: options.claimCodeSecret,
    onProvisioned: (devices) => provisioned.push(...devices),
  });
  return inBatches(provisioned, CONCURRENCY, async (device, index) => {
    const { deviceId } = await app.call('claimDevice', {
      serial: device.serial,
      claimCode: device.claimCode,
      name: `Fleet ${device.serial.slice(-4)}`,
    });
    const ble = index < options.bleCount;
    const deviceKey = ble
      ? null
      : (await afterRateLimits(() => app.call('rotateDeviceKey', { deviceId }))).deviceKey;
    await app.call('setDeviceSettings', {
      deviceId,
      values: { reportIntervalSeconds: options.intervalSeconds },
    });
    return { ...device, deviceId, deviceKey };
  });
}

/** `work` over `items`, `size` at a time, results in the items' order. */
export async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    const batch = items.slice(start, start + size);
    results.push(...(await Promise.all(batch.map((item, i) => work(item, start + i)))));
  }
  return results;
}

/**
 * Retries a call the backend refused for a rate limit, after the `retryAfterSeconds` it gave: a
 * large fleet enlisted by one account meets the per-account limits (key rotations, for one) that
 * protect everyone else, and should wait as an app would rather than fail.
 */
export async function afterRateLimits<T>(call: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const { code, details } = error as {
        code?: unknown;
        details?: { retryAfterSeconds?: unknown };
      };
      const wait = details?.retryAfterSeconds;
      if (
        code !== 'functions/resource-exhausted' ||
        typeof wait !== 'number' ||
        attempt >= attempts
      ) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
  }
}

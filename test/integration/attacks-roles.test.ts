// Attacks by members holding too little: a viewer writing telemetry. Each refusal is checked for its
// code and message and for writing nothing (no document, no push).
import { describe, expect, it } from 'vitest';
import type { TestCloud } from '@gadget/local-cloud';
import { useCloud } from '../helpers/product-cloud.ts';
import { addMember, count, refusal } from '../helpers/devices.ts';
import {
  readingCount,
  reading,
  startTelemetryCloud,
  telemetryDevice,
} from '../helpers/telemetry.ts';
import { writesDuring } from '../helpers/writes.ts';

let cloud: TestCloud;

useCloud(
  () => startTelemetryCloud({ SUBMIT_RATE_LIMIT_PER_MINUTE: '5' }),
  (started) => {
    cloud = started;
  },
);

const ROLE_REFUSED = (role: string) => `Your role on this device (${role}) does not allow this.`;

describe('finding 1: viewers write no telemetry', () => {
  it("refuses a viewer's readings: no reading, no alert, no status change, no push", async () => {
    const device = await telemetryDevice(cloud);
    await cloud.call(
      'updateDevice',
      { deviceId: device.deviceId, thresholds: { temperature: { max: 30 } } },
      { uid: device.ownerUid },
    );
    await addMember(cloud, device.deviceId, device.ownerUid, 'viewer-1', 'viewer');
    await cloud.idle();
    cloud.outbox.clear();
    const forged = {
      deviceId: device.deviceId,
      readings: [reading('f-1', 1, { temperature: 99 })],
    };
    const attempts = Array.from({ length: 50 }, () =>
      refusal(cloud.call('submitReadings', forged, { uid: 'viewer-1' })),
    );
    const writes = await writesDuring(cloud, async () => {
      const refusals = await Promise.all(attempts);
      expect(new Set(refusals.map((r) => `${r.code}: ${r.message}`))).toEqual(
        new Set([`permission-denied: ${ROLE_REFUSED('viewer')}`]),
      );
      await cloud.idle();
    });
    expect(writes).toBe(0);
    expect(await readingCount(cloud, device.deviceId)).toBe(0);
    expect(await count(cloud, `devices/${device.deviceId}/alerts`)).toBe(0);
    expect(cloud.outbox.delivered()).toHaveLength(0);
  });

  it('limits submissions per device, counted in the submission itself: 50 in parallel, 5 pass', async () => {
    const device = await telemetryDevice(cloud);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        cloud.call(
          'submitReadings',
          {
            deviceId: device.deviceId,
            readings: [reading(`p-${String(i)}`, 1, { temperature: 20 })],
          },
          { uid: device.ownerUid },
        ),
      ),
    );
    const refused = results.flatMap((r) =>
      r.status === 'rejected' ? [r.reason as { code: string; message: string }] : [],
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(new Set(refused.map((r) => `${r.code}: ${r.message}`))).toEqual(
      new Set(['resource-exhausted: Too many submissions for this device. Try again in a minute.']),
    );
    expect(await readingCount(cloud, device.deviceId)).toBe(5);
  });
});

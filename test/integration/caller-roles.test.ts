// Each contract's `caller` and the roles its service checks cannot drift: every device callable is
// called as the owner, an admin, a viewer and a stranger, on a fresh device each time. Roles the
// contract admits never get the role refusal; the others always do (a stranger learns nothing
// about the device: not-found).
import { describe, expect, it } from 'vitest';
import { CALLABLES, CALLER_ROLES } from '@gadget/shared';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import { claimedDevice, seedMembers } from '../helpers/devices.ts';

const cloud = sharedCloud(() => startProductCloud());

const HOUR = 3_600_000;
const DEVICE_NOT_FOUND = 'No such device, or you are not a member of it.';
const roleRefused = (role: string) => `Your role on this device (${role}) does not allow this.`;

/** A valid request for each callable that acts on a device. */
const REQUESTS: Record<string, (deviceId: string) => Record<string, unknown>> = {
  acknowledgeAlert: (deviceId) => ({ deviceId, alertId: 'temperature-max-1' }),
  createInvite: (deviceId) => ({ deviceId, role: 'viewer' }),
  deleteDevicePhoto: (deviceId) => ({ deviceId, photoId: 'p1' }),
  getReadingHistory: (deviceId) => ({
    deviceId,
    metric: 'temperature',
    from: new Date(Date.now() - 2 * HOUR).toISOString(),
    to: new Date().toISOString(),
    bucket: '1h',
  }),
  leaveDevice: (deviceId) => ({ deviceId }),
  listInvites: (deviceId) => ({ deviceId }),
  revokeInvite: (deviceId) => ({ deviceId, inviteId: 'a'.repeat(64) }),
  releaseDevice: (deviceId) => ({ deviceId }),
  removeMember: (deviceId) => ({ deviceId, uid: 'nobody' }),
  rotateDeviceKey: (deviceId) => ({ deviceId }),
  submitReadings: (deviceId) => ({
    deviceId,
    readings: [
      { id: 'r1', ts: new Date(Date.now() - 60_000).toISOString(), values: { temperature: 20 } },
    ],
  }),
  transferOwnership: (deviceId) => ({ deviceId, uid: 'the-admin' }),
  updateDevice: (deviceId) => ({ deviceId, name: 'Renamed' }),
  setDeviceSettings: (deviceId) => ({ deviceId, values: { screenBrightness: 50 } }),
  sendCommand: (deviceId) => ({ deviceId, command: 'identify' }),
  cancelCommand: (deviceId) => ({ deviceId, commandId: 'no-such-command' }),
  watchDevice: (deviceId) => ({ deviceId }),
  relayGadgetReport: (deviceId) => ({
    deviceId,
    report: Buffer.from('{"seq":1}').toString('base64'),
    signature: 'A'.repeat(86) + '==',
  }),
  getFirmwareOffer: (deviceId) => ({ deviceId }),
  approveUpdate: (deviceId) => ({ deviceId, rolloutId: 'r1' }),
};

const DEVICE_CALLABLES = Object.values(CALLABLES).filter((c) => c.caller !== 'signed-in');
const CASES = DEVICE_CALLABLES.flatMap((contract) =>
  (['owner', 'admin', 'viewer', 'stranger'] as const).map(
    (who) => [contract.name, contract.caller, who] as const,
  ),
);

describe('contracts’ caller and the services’ role checks agree', () => {
  it('every device callable has a request here', () => {
    expect(DEVICE_CALLABLES.map((c) => c.name).sort()).toEqual(Object.keys(REQUESTS).sort());
  });

  it.each(CASES)('%s (%s) called by the %s', async (name, caller, who) => {
    const { deviceId } = await claimedDevice(cloud, 'the-owner');
    await seedMembers(cloud, deviceId, { 'the-admin': 'admin', 'the-viewer': 'viewer' });
    const uid = `the-${who}`;
    const request = REQUESTS[name]?.(deviceId);
    const answer = await cloud.call(name, request, { uid }).then(
      () => ({ code: 'ok', message: '' }),
      (error: unknown) => error as { code: string; message: string },
    );
    const admitted = (CALLER_ROLES[caller] as readonly string[]).includes(who);
    if (who === 'stranger') {
      expect(answer).toMatchObject({ code: 'not-found', message: DEVICE_NOT_FOUND });
    } else if (admitted) {
      expect(answer.message).not.toBe(roleRefused(who));
      expect(answer.message).not.toBe(DEVICE_NOT_FOUND);
    } else {
      expect(answer).toMatchObject({ code: 'permission-denied', message: roleRefused(who) });
    }
  });
});

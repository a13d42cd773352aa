// setDeviceSettings: typed per model and firmware, versioned, with expectedVersion; who may set
// them; bad input refused with the field named and nothing written; its exact Firestore cost.
import { beforeEach, describe, expect, it } from 'vitest';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { writesDuring } from '../helpers/writes.ts';
import { claimedDevice, deviceDoc, seedMembers } from '../helpers/devices.ts';
import { startTelemetryCloud } from '../helpers/telemetry.ts';
import { controlDocs, setSettings, expectRefusedUnchanged } from '../helpers/control.ts';

const cloud = sharedCloud(() => startTelemetryCloud());
let deviceId: string;

/** alice owns an air-1; bob is an admin, carol a viewer. */
beforeEach(async () => {
  ({ deviceId } = await claimedDevice(cloud, 'alice', { model: 'air-1' }));
  await seedMembers(cloud, deviceId, { bob: 'admin', carol: 'viewer' });
});

const call = (data: Record<string, unknown>, uid?: string) =>
  cloud.call('setDeviceSettings', { deviceId, ...data }, uid === undefined ? {} : { uid });

const refusedUnchanged = (action: () => Promise<unknown>, code: string) =>
  expectRefusedUnchanged(
    cloud,
    async () => ({
      device: await deviceDoc(cloud, deviceId),
      ...(await controlDocs(cloud, deviceId)),
    }),
    action,
    code,
  );

describe('setDeviceSettings', () => {
  it('owner and admin set settings; each change is a version, recorded per key', async () => {
    const first = await setSettings(
      cloud,
      deviceId,
      { screenBrightness: 40, fanMode: 'low' },
      'alice',
    );
    expect(first).toEqual({
      version: 1,
      values: { screenBrightness: 40, fanMode: 'low' },
      pendingKeys: ['fanMode', 'screenBrightness'],
    });
    const second = await setSettings(cloud, deviceId, { fanMode: 'high', displayUnit: 'F' }, 'bob');
    expect(second.version).toBe(2);
    expect(second.values).toEqual({ screenBrightness: 40, fanMode: 'high', displayUnit: 'F' });

    const { desired, control } = await controlDocs(cloud, deviceId);
    expect(desired).toMatchObject({
      version: 2,
      keys: {
        screenBrightness: { version: 1, setBy: 'alice', via: 'app' },
        fanMode: { version: 2, setBy: 'bob', via: 'app' },
        displayUnit: { version: 2, setBy: 'bob', via: 'app' },
      },
    });
    expect(control).toMatchObject({
      desiredVersion: 2,
      appliedVersion: 0,
      pendingKeys: ['displayUnit', 'fanMode', 'screenBrightness'],
      pendingCommands: 0,
    });
  });

  it('a value equal to the desired one changes nothing and writes nothing', async () => {
    await setSettings(cloud, deviceId, { screenBrightness: 40 }, 'alice');
    const writes = await writesDuring(cloud, () =>
      setSettings(cloud, deviceId, { screenBrightness: 40 }, 'bob'),
    );
    expect(writes).toBe(0);
    expect((await controlDocs(cloud, deviceId)).desired).toMatchObject({ version: 1 });
  });

  it('the report interval becomes the gadget’s poll interval on the summary', async () => {
    await setSettings(cloud, deviceId, { reportIntervalSeconds: 120 }, 'alice');
    expect((await controlDocs(cloud, deviceId)).control).toMatchObject({
      reportIntervalSeconds: 120,
    });
  });

  it('costs 2 reads and 2 writes beside the account check', async () => {
    await cloud.idle();
    cloud.resetOps();
    await setSettings(cloud, deviceId, { screenBrightness: 10 }, 'alice');
    expect(cloud.ops()).toMatchObject({ reads: 2 + 2, writes: 2, deletes: 0 });
  });

  describe('a stale expectedVersion', () => {
    it('is failed-precondition naming who changed the settings and when, and writes nothing', async () => {
      await setSettings(cloud, deviceId, { fanMode: 'low' }, 'alice');
      await setSettings(cloud, deviceId, { fanMode: 'high' }, 'bob', 1);
      const error = await refusedUnchanged(
        () => call({ values: { fanMode: 'off' }, expectedVersion: 1 }, 'alice'),
        'failed-precondition',
      );
      expect(error.message).toMatch(/version 2 was set by another member at \d{4}-/);
      expect(error.details).toMatchObject({
        expectedVersion: 1,
        currentVersion: 2,
        changedBy: 'bob',
      });
    });

    it('expecting a version when none was ever set says so', async () => {
      const error = await refusedUnchanged(
        () => call({ values: { fanMode: 'off' }, expectedVersion: 3 }, 'alice'),
        'failed-precondition',
      );
      expect(error.message).toBe(
        'The settings are at version 0, not 3. Reload them and try again.',
      );
    });

    it('of 50 parallel calls expecting the same version, exactly one succeeds', async () => {
      const answers = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          call(
            { values: { screenBrightness: i }, expectedVersion: 0 },
            i % 2 === 0 ? 'alice' : 'bob',
          ),
        ),
      );
      const won = answers.filter((answer) => answer.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const answer of answers) {
        if (answer.status === 'rejected') {
          expect(answer.reason).toMatchObject({ code: 'failed-precondition' });
        }
      }
      expect((await controlDocs(cloud, deviceId)).desired).toMatchObject({ version: 1 });
    }, 30_000);
  });

  describe('who may not', () => {
    it('a viewer is permission-denied and writes nothing', async () => {
      await refusedUnchanged(
        () => call({ values: { fanMode: 'low' } }, 'carol'),
        'permission-denied',
      );
    });

    it('a stranger and a removed admin are not-found; signed out is unauthenticated', async () => {
      await refusedUnchanged(() => call({ values: { fanMode: 'low' } }, 'mallory'), 'not-found');
      await cloud.call('removeMember', { deviceId, uid: 'bob' }, { uid: 'alice' });
      await refusedUnchanged(() => call({ values: { fanMode: 'low' } }, 'bob'), 'not-found');
      await refusedUnchanged(() => call({ values: { fanMode: 'low' } }), 'unauthenticated');
    });
  });

  describe('bad input names the field and writes nothing', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['a setting the model lacks', { values: { volume: 3 } }, 'values.volume'],
      ['out of range', { values: { screenBrightness: 101 } }, 'values.screenBrightness'],
      [
        'not an integer',
        { values: { reportIntervalSeconds: 90.5 } },
        'values.reportIntervalSeconds',
      ],
      [
        'below the range',
        { values: { reportIntervalSeconds: 59 } },
        'values.reportIntervalSeconds',
      ],
      ['not a choice', { values: { fanMode: 'turbo' } }, 'values.fanMode'],
      ['a number for a choice', { values: { displayUnit: 1 } }, 'values.displayUnit'],
      ['no settings', { values: {} }, 'values'],
      ['an object value', { values: { fanMode: { on: true } } }, 'values.fanMode'],
      [
        'a negative expectedVersion',
        { values: { fanMode: 'low' }, expectedVersion: -1 },
        'expectedVersion',
      ],
      ['an unknown field', { values: { fanMode: 'low' }, force: true }, ''],
    ];
    it.each(cases)('%s', async (_name, data, field) => {
      const error = await refusedUnchanged(() => call(data, 'alice'), 'invalid-argument');
      if (field !== '') expect(Object.keys(error.details?.fieldErrors ?? {})).toContain(field);
    });

    it('more than 20 settings, and an oversized body', async () => {
      const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`s${String(i)}`, 1]));
      await refusedUnchanged(() => call({ values: many }, 'alice'), 'invalid-argument');
      await refusedUnchanged(
        () => call({ values: { fanMode: 'x'.repeat(300_000) } }, 'alice'),
        'invalid-argument',
      );
    });

    it('a setting the model lacks names the ones it has', async () => {
      const { deviceId: thermo } = await claimedDevice(cloud, 'alice', { model: 'thermo-1' });
      const error = (await cloud
        .call(
          'setDeviceSettings',
          { deviceId: thermo, values: { fanMode: 'low' } },
          { uid: 'alice' },
        )
        .catch((refused: unknown) => refused)) as {
        details: { fieldErrors: Record<string, string[]> };
      };
      expect(error.details.fieldErrors['values.fanMode']?.[0]).toMatch(
        /no fanMode setting; it has reportIntervalSeconds, displayUnit, screenBrightness/,
      );
    });

    it('a setting newer than the gadget’s reported firmware is refused, naming it', async () => {
      await cloud.firestore
        .doc(`devices/${deviceId}`)
        .update({ 'status.firmware': { version: '1.0.5' } });
      const error = await refusedUnchanged(
        () => call({ values: { screenBrightness: 50, displayUnit: 'F' } }, 'alice'),
        'invalid-argument',
      );
      expect(error.details?.fieldErrors).toEqual({
        'values.screenBrightness': [
          'screenBrightness needs firmware 1.2.0 or newer; this gadget runs 1.0.5.',
        ],
      });
    });
  });
});

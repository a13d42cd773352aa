// sendCommand and cancelCommand: the model's catalogue, idempotency keys (also under 50 parallel
// retries), the unfinished cap, who may send and cancel; and a command that expires while its
// gadget is offline, settled by the watchdog and told to its sender once.
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_UNFINISHED_COMMANDS } from '../../functions/src/services/control/commands.ts';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { claimedDevice, deviceDoc, seedMembers } from '../helpers/devices.ts';
import { startTelemetryCloud } from '../helpers/telemetry.ts';
import {
  commandDocs,
  controlDocs,
  sendCommand,
  expectRefusedUnchanged,
} from '../helpers/control.ts';
import { PUSH_ENV, inbox, pushed, seedProfile, seedTokens } from './push-fixtures.ts';

const cloud = sharedCloud(() => startTelemetryCloud(PUSH_ENV));
let deviceId: string;

/** alice owns an air-1; bob is an admin, carol a viewer. */
beforeEach(async () => {
  ({ deviceId } = await claimedDevice(cloud, 'alice', { model: 'air-1' }));
  await seedMembers(cloud, deviceId, { bob: 'admin', carol: 'viewer' });
});

const send = (data: Record<string, unknown>, uid?: string) =>
  cloud.call('sendCommand', { deviceId, ...data }, uid === undefined ? {} : { uid });
const cancel = (commandId: string, uid?: string) =>
  cloud.call('cancelCommand', { deviceId, commandId }, uid === undefined ? {} : { uid });

const refusedUnchanged = (action: () => Promise<unknown>, code: string) =>
  expectRefusedUnchanged(
    cloud,
    async () => ({
      device: await deviceDoc(cloud, deviceId),
      commands: await commandDocs(cloud, deviceId),
    }),
    action,
    code,
  );

describe('sendCommand', () => {
  it('queues a command of the model’s catalogue with its deadline and counts it on the device', async () => {
    const before = Date.now();
    const commandId = await sendCommand(
      cloud,
      { deviceId, command: 'calibrate', params: { metric: 'co2' }, timeoutSeconds: 120 },
      'bob',
    );
    const command = (await commandDocs(cloud, deviceId))[commandId];
    expect(command).toMatchObject({
      command: 'calibrate',
      params: { metric: 'co2' },
      status: 'queued',
      createdBy: 'bob',
      sentAt: null,
      finishedAt: null,
      result: null,
      idempotencyKey: null,
    });
    const expiresAt = (command?.expiresAt as { toMillis(): number }).toMillis();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 120_000);
    expect(expiresAt).toBeLessThan(Date.now() + 120_000 + 1000);
    expect((await controlDocs(cloud, deviceId)).control).toMatchObject({ pendingCommands: 1 });
  });

  it('costs 2 reads and 3 writes beside the account check (device, rate limit; command, device, limit)', async () => {
    await cloud.idle();
    cloud.resetOps();
    await sendCommand(cloud, { deviceId, command: 'identify' }, 'alice');
    expect(cloud.ops()).toMatchObject({ reads: 2 + 2, writes: 3, deletes: 0 });
  });

  it('an idempotency key answers the first command, also to 50 parallel retries', async () => {
    const first = await sendCommand(
      cloud,
      { deviceId, command: 'reboot', idempotencyKey: 'tap-1' },
      'alice',
    );
    const retries = await Promise.all(
      Array.from({ length: 50 }, () =>
        sendCommand(cloud, { deviceId, command: 'reboot', idempotencyKey: 'tap-1' }, 'alice'),
      ),
    );
    expect(new Set(retries)).toEqual(new Set([first]));
    expect(Object.keys(await commandDocs(cloud, deviceId))).toEqual([first]);
    expect((await controlDocs(cloud, deviceId)).control).toMatchObject({ pendingCommands: 1 });
    // Another member's same key is another command.
    const bobs = await sendCommand(
      cloud,
      { deviceId, command: 'reboot', idempotencyKey: 'tap-1' },
      'bob',
    );
    expect(bobs).not.toBe(first);
    // The same key for something else is refused.
    await refusedUnchanged(
      () => send({ command: 'identify', idempotencyKey: 'tap-1' }, 'alice'),
      'failed-precondition',
    );
  }, 30_000);

  it(`refuses more than ${String(MAX_UNFINISHED_COMMANDS)} unfinished commands`, async () => {
    for (let i = 0; i < MAX_UNFINISHED_COMMANDS; i++) {
      await sendCommand(cloud, { deviceId, command: 'identify' }, 'alice');
    }
    await refusedUnchanged(() => send({ command: 'identify' }, 'alice'), 'resource-exhausted');
  }, 30_000);

  describe('who may not', () => {
    it('a viewer is permission-denied; a stranger, a removed admin not-found; signed out unauthenticated', async () => {
      await refusedUnchanged(() => send({ command: 'identify' }, 'carol'), 'permission-denied');
      await refusedUnchanged(() => send({ command: 'identify' }, 'mallory'), 'not-found');
      await cloud.call('removeMember', { deviceId, uid: 'bob' }, { uid: 'alice' });
      await refusedUnchanged(() => send({ command: 'identify' }, 'bob'), 'not-found');
      await refusedUnchanged(() => send({ command: 'identify' }), 'unauthenticated');
    });
  });

  describe('bad input names the field and writes nothing', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['an unknown command', { command: 'selfDestruct' }, 'command'],
      ['an unknown parameter', { command: 'identify', params: { colour: 'red' } }, 'params.colour'],
      [
        'a parameter out of range',
        { command: 'identify', params: { durationSeconds: 61 } },
        'params.durationSeconds',
      ],
      [
        'a parameter not a choice',
        { command: 'calibrate', params: { metric: 'battery' } },
        'params.metric',
      ],
      ['a timeout too short', { command: 'identify', timeoutSeconds: 5 }, 'timeoutSeconds'],
      [
        'a timeout too long',
        { command: 'identify', timeoutSeconds: 8 * 24 * 3600 },
        'timeoutSeconds',
      ],
      ['a bad idempotency key', { command: 'identify', idempotencyKey: 'a/b' }, 'idempotencyKey'],
      [
        'too many parameters',
        {
          command: 'identify',
          params: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${String(i)}`, 1])),
        },
        'params',
      ],
      [
        'an oversized parameter',
        { command: 'identify', params: { durationSeconds: 'x'.repeat(300_000) } },
        '',
      ],
      ['an unknown field', { command: 'identify', urgent: true }, ''],
    ];
    it.each(cases)('%s', async (_name, data, field) => {
      const error = await refusedUnchanged(() => send(data, 'alice'), 'invalid-argument');
      if (field !== '') expect(Object.keys(error.details?.fieldErrors ?? {})).toContain(field);
    });

    it('a command newer than the gadget’s firmware is refused, naming it', async () => {
      const { deviceId: thermo } = await claimedDevice(cloud, 'alice', { model: 'thermo-1' });
      await cloud.firestore
        .doc(`devices/${thermo}`)
        .update({ 'status.firmware': { version: '1.0.0' } });
      const error = (await cloud
        .call('sendCommand', { deviceId: thermo, command: 'calibrate' }, { uid: 'alice' })
        .catch((refused: unknown) => refused)) as {
        code: string;
        details: { fieldErrors: object };
      };
      expect(error).toMatchObject({
        code: 'invalid-argument',
        details: {
          fieldErrors: {
            command: ['calibrate needs firmware 1.1.0 or newer; this gadget runs 1.0.0.'],
          },
        },
      });
    });
  });
});

describe('cancelCommand', () => {
  it('cancels an unfinished command once; a finished one is failed-precondition', async () => {
    const commandId = await sendCommand(cloud, { deviceId, command: 'reboot' }, 'alice');
    expect(await cancel(commandId, 'bob')).toEqual({ status: 'cancelled' });
    expect((await commandDocs(cloud, deviceId))[commandId]).toMatchObject({ status: 'cancelled' });
    expect((await controlDocs(cloud, deviceId)).control).toMatchObject({ pendingCommands: 0 });
    const error = await refusedUnchanged(() => cancel(commandId, 'alice'), 'failed-precondition');
    expect(error.message).toBe('This command has already finished: cancelled.');
  });

  it('a viewer may not cancel, a stranger learns nothing, an unknown id is not-found', async () => {
    const commandId = await sendCommand(cloud, { deviceId, command: 'reboot' }, 'alice');
    await refusedUnchanged(() => cancel(commandId, 'carol'), 'permission-denied');
    await refusedUnchanged(() => cancel(commandId, 'mallory'), 'not-found');
    await refusedUnchanged(() => cancel('nope', 'alice'), 'not-found');
    await refusedUnchanged(() => cancel('../x', 'alice'), 'invalid-argument');
    await refusedUnchanged(() => cancel(commandId), 'unauthenticated');
  });
});

describe('a command expiring while its gadget is offline', () => {
  it('the watchdog expires it, and its sender is told once', async () => {
    await seedProfile(cloud, 'bob');
    const tokens = await seedTokens(cloud, 'bob', 1);
    const commandId = await sendCommand(cloud, { deviceId, command: 'identify' }, 'bob');
    const other = await sendCommand(cloud, { deviceId, command: 'reboot' }, 'alice');
    await cloud.firestore
      .doc(`devices/${deviceId}/commands/${commandId}`)
      .update({ expiresAt: new Date(Date.now() - 1000) });
    await cloud.runSchedule('deviceWatchdog');
    await cloud.runSchedule('deviceWatchdog');
    await cloud.idle();
    const commands = await commandDocs(cloud, deviceId);
    expect(commands[commandId]).toMatchObject({ status: 'expired' });
    expect(commands[other]).toMatchObject({ status: 'queued' });
    expect((await controlDocs(cloud, deviceId)).control).toMatchObject({ pendingCommands: 1 });
    const entries = Object.values(await inbox(cloud, 'bob')).filter(
      (entry) => entry.kind === 'command-failed',
    );
    expect(entries).toHaveLength(1);
    expect(pushed(cloud).filter((message) => message.token === tokens[0])).toHaveLength(1);
    expect(Object.keys(await inbox(cloud, 'alice'))).not.toContain(
      `command-failed-${deviceId}-${other}`,
    );
  });
});

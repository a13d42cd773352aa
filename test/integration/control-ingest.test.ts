// The gadget's side of the settings channel over Wi-Fi: `ingest` carries sync and acks up, and
// newer settings, commands and the poll interval down; conflicts, lost responses, repeated and
// reordered acks; what an app listening to the device sees; the exact cost in Firestore ops.
import { beforeEach, describe, expect, it } from 'vitest';
import { doc, onSnapshot } from 'firebase/firestore';
import type { DocumentSnapshot } from 'firebase/firestore';
import { IngestErrorBodySchema, WATCH } from '@gadget/shared';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { seedMembers } from '../helpers/devices.ts';
import {
  deviceAuthorization,
  postIngest,
  quietBatch,
  rotateKey,
  startTelemetryCloud,
  telemetryDevice,
  useTestDevice,
} from '../helpers/telemetry.ts';
import { useAppUsers, watch } from '../helpers/app-client.ts';
import {
  commandDocs,
  controlDocs,
  gadgetCall,
  sendCommand,
  setSettings,
  sync,
} from '../helpers/control.ts';

const cloud = sharedCloud(() => startTelemetryCloud());
const device = useTestDevice(cloud);
let key: string;
beforeEach(async () => {
  key = await rotateKey(cloud, device);
  await seedMembers(cloud, device.deviceId, { admin: 'admin', viewer: 'viewer' });
});

const call = (body: Record<string, unknown>) => gadgetCall(cloud, device.deviceId, key, body);
const set = (values: Record<string, unknown>, uid = device.ownerUid) =>
  setSettings(cloud, device.deviceId, values, uid);

describe('ingest: desired settings', () => {
  it('a gadget away while settings changed gets every change in one answer, newest values only', async () => {
    await set({ screenBrightness: 20 });
    await set({ screenBrightness: 35, displayUnit: 'F' }, 'admin');
    await set({ screenBrightness: 80 });
    await set({ reportIntervalSeconds: 300 }, 'admin');

    const answer = await call(sync(0));
    expect(answer.desired).toEqual({
      version: 4,
      values: { screenBrightness: 80, displayUnit: 'F', reportIntervalSeconds: 300 },
    });
    expect(answer.nextPollSeconds).toBe(300);
    expect((await controlDocs(cloud, device.deviceId)).control).toMatchObject({
      desiredVersion: 4,
      appliedVersion: 0,
      pendingKeys: ['displayUnit', 'reportIntervalSeconds', 'screenBrightness'],
      syncedVia: 'wifi',
    });

    // Applied: the next call says so, gets no settings again, and nothing is pending.
    const next = await call(sync(4, 4));
    expect(next.desired).toBeUndefined();
    const { control, reported } = await controlDocs(cloud, device.deviceId);
    expect(control).toMatchObject({ appliedVersion: 4, pendingKeys: [] });
    expect(reported).toMatchObject({
      appliedDesiredVersion: 4,
      values: { screenBrightness: 80, displayUnit: 'F', reportIntervalSeconds: 300 },
      via: 'wifi',
      relayedBy: null,
      verified: true,
    });
  });

  it('a gadget that knows the newest version gets no settings; an older one gets them again', async () => {
    await set({ fanMode: 'low' }).catch(() => undefined); // thermo-1 has no fan: refused
    await set({ screenBrightness: 50 });
    expect((await call(sync(1, 1))).desired).toBeUndefined();
    expect((await call(sync(0, 0))).desired).toEqual({
      version: 1,
      values: { screenBrightness: 50 },
    });
  });

  it('a lost response: the repeated call gets the same answer and changes nothing twice', async () => {
    await set({ screenBrightness: 50 });
    const commandId = await sendCommand(
      cloud,
      { deviceId: device.deviceId, command: 'identify' },
      device.ownerUid,
    );
    const { readings } = quietBatch('lost', 3);
    const first = await call({ readings, ...sync(0) });
    const before = {
      ...(await controlDocs(cloud, device.deviceId)),
      commands: await commandDocs(cloud, device.deviceId),
    };
    const again = await call({ readings, ...sync(0) });
    expect(again).toEqual({ ...first, accepted: 0, duplicates: 3 });
    expect(again.commands.map((command) => command.commandId)).toEqual([commandId]);
    expect({
      ...(await controlDocs(cloud, device.deviceId)),
      commands: await commandDocs(cloud, device.deviceId),
    }).toEqual(before);
  });

  it('a setting changed on the gadget wins over what it had applied, and loses to what was set since', async () => {
    await set({ screenBrightness: 50 });
    await call(sync(1, 1));
    // A different desired value is pending when the person turns the brightness up on the gadget.
    await set({ displayUnit: 'F' });
    const adopted = await call(sync(1, 1, { changed: { screenBrightness: 90 } }));
    expect(adopted.desired).toEqual({
      version: 3,
      values: { screenBrightness: 90, displayUnit: 'F' },
    });
    const { desired, control } = await controlDocs(cloud, device.deviceId);
    expect(desired).toMatchObject({
      version: 3,
      keys: { screenBrightness: { version: 3, setBy: 'gadget', via: 'gadget' } },
    });
    // The gadget runs its own value already: only the unit is pending.
    expect(control).toMatchObject({ pendingKeys: ['displayUnit'] });

    // The app sets 30 before the gadget hears of version 3; the gadget's next local change, made
    // while it still ran version 1, is older than that and does not come back.
    await set({ screenBrightness: 30 });
    const lost = await call(sync(3, 1, { changed: { screenBrightness: 95 } }));
    expect(lost.desired).toEqual({
      version: 4,
      values: { screenBrightness: 30, displayUnit: 'F' },
    });
    expect((await controlDocs(cloud, device.deviceId)).desired).toMatchObject({
      version: 4,
      values: { screenBrightness: 30 },
    });
    await call(sync(4, 4));
    expect((await controlDocs(cloud, device.deviceId)).reported).toMatchObject({
      values: { screenBrightness: 30, displayUnit: 'F' },
    });
  });

  it('a setting the gadget refuses shows on the summary until it is set again', async () => {
    await set({ screenBrightness: 50, displayUnit: 'F' });
    await call(sync(1, 1, { refused: { screenBrightness: 'no screen on this unit' } }));
    const { control, reported } = await controlDocs(cloud, device.deviceId);
    expect(control).toMatchObject({
      pendingKeys: [],
      refusedKeys: { screenBrightness: 'no screen on this unit' },
    });
    expect(reported).toMatchObject({ values: { displayUnit: 'F' } });
    expect(reported?.values).not.toHaveProperty('screenBrightness');
    await set({ screenBrightness: 10 });
    expect((await controlDocs(cloud, device.deviceId)).control).toMatchObject({
      refusedKeys: {},
      pendingKeys: ['screenBrightness'],
    });
  });
});

describe('ingest: commands', () => {
  it('delivers unfinished commands oldest first, marks them sent once, settles acks', async () => {
    const first = await sendCommand(
      cloud,
      { deviceId: device.deviceId, command: 'identify', params: { durationSeconds: 5 } },
      device.ownerUid,
    );
    const second = await sendCommand(
      cloud,
      { deviceId: device.deviceId, command: 'reboot' },
      'admin',
    );
    const answer = await call(sync(0));
    expect(answer.commands).toMatchObject([
      { commandId: first, command: 'identify', params: { durationSeconds: 5 } },
      { commandId: second, command: 'reboot', params: {} },
    ]);
    const sent = await commandDocs(cloud, device.deviceId);
    expect(sent[first]).toMatchObject({ status: 'sent' });

    const acked = await call({
      ...sync(0),
      acks: [{ commandId: first, status: 'succeeded', result: { blinked: 5 } }],
    });
    expect(acked.commands.map((command) => command.commandId)).toEqual([second]);
    const after = await commandDocs(cloud, device.deviceId);
    expect(after[first]).toMatchObject({ status: 'succeeded', result: { blinked: 5 } });
    expect((await controlDocs(cloud, device.deviceId)).control).toMatchObject({
      pendingCommands: 1,
    });
  });

  it('acks delivered twice, out of order and for finished commands change nothing more', async () => {
    const a = await sendCommand(
      cloud,
      { deviceId: device.deviceId, command: 'identify' },
      device.ownerUid,
    );
    const b = await sendCommand(
      cloud,
      { deviceId: device.deviceId, command: 'reboot' },
      device.ownerUid,
    );
    const c = await sendCommand(
      cloud,
      { deviceId: device.deviceId, command: 'calibrate' },
      device.ownerUid,
    );
    await cloud.call(
      'cancelCommand',
      { deviceId: device.deviceId, commandId: c },
      { uid: device.ownerUid },
    );
    // b's answer comes before a's, before either was even fetched.
    await call({ acks: [{ commandId: b, status: 'failed', result: { reason: 'busy' } }] });
    await call({ acks: [{ commandId: a, status: 'succeeded' }] });
    const settled = await commandDocs(cloud, device.deviceId);
    // Repeated, contradicting, and for a cancelled command.
    await call({
      acks: [
        { commandId: a, status: 'rejected' },
        { commandId: b, status: 'succeeded' },
        { commandId: c, status: 'succeeded' },
        { commandId: 'no-such-command', status: 'succeeded' },
      ],
    });
    const commands = await commandDocs(cloud, device.deviceId);
    expect(commands).toEqual(settled);
    expect(commands[a]).toMatchObject({ status: 'succeeded' });
    expect(commands[b]).toMatchObject({ status: 'failed', result: { reason: 'busy' } });
    expect(commands[c]).toMatchObject({ status: 'cancelled' });
    expect((await controlDocs(cloud, device.deviceId)).control).toMatchObject({
      pendingCommands: 0,
    });
  });

  it('a command past its deadline is timed out if sent, expired if never fetched', async () => {
    const sent = await sendCommand(
      cloud,
      { deviceId: device.deviceId, command: 'identify' },
      device.ownerUid,
    );
    await call(sync(0));
    const queued = await sendCommand(
      cloud,
      { deviceId: device.deviceId, command: 'reboot' },
      device.ownerUid,
    );
    const past = new Date(Date.now() - 1000);
    for (const id of [sent, queued]) {
      await cloud.firestore
        .doc(`devices/${device.deviceId}/commands/${id}`)
        .update({ expiresAt: past });
    }
    const answer = await call(sync(0));
    expect(answer.commands).toEqual([]);
    const commands = await commandDocs(cloud, device.deviceId);
    expect(commands[sent]).toMatchObject({ status: 'timed-out' });
    expect(commands[queued]).toMatchObject({ status: 'expired' });
  });
});

describe('ingest: poll interval and watchDevice', () => {
  it('is the model’s report interval, a few seconds after a member’s watchDevice', async () => {
    expect((await call(sync(0))).nextPollSeconds).toBe(900);
    const watched = await cloud.call(
      'watchDevice',
      { deviceId: device.deviceId },
      { uid: 'viewer' },
    );
    expect(watched).toMatchObject({ pollSeconds: WATCH.pollSeconds });
    expect((await call(sync(0))).nextPollSeconds).toBe(WATCH.pollSeconds);
  });

  it('repeated watch calls write the device at most once a minute', async () => {
    await cloud.call('watchDevice', { deviceId: device.deviceId }, { uid: 'viewer' });
    await cloud.idle();
    const before = (await controlDocs(cloud, device.deviceId)).control;
    cloud.resetOps();
    for (const uid of ['viewer', 'admin', device.ownerUid]) {
      await cloud.call('watchDevice', { deviceId: device.deviceId }, { uid });
    }
    // Each call: the account check, the device and its caller's rate limit; only the limits are written.
    expect(cloud.ops()).toMatchObject({ reads: 3 * 4, writes: 3 });
    expect((await controlDocs(cloud, device.deviceId)).control).toEqual(before);
  });

  it('a stranger cannot watch; signed out is unauthenticated', async () => {
    await expect(
      cloud.call('watchDevice', { deviceId: device.deviceId }, { uid: 'mallory' }),
    ).rejects.toMatchObject({ code: 'not-found' });
    await expect(cloud.call('watchDevice', { deviceId: device.deviceId })).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    await expect(
      cloud.call('watchDevice', { deviceId: '../x' }, { uid: 'viewer' }),
    ).rejects.toMatchObject({ code: 'invalid-argument' });
  });
});

describe('ingest: bad sync and acks are 422 naming the field, and write nothing', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      'a setting the model lacks, changed on the gadget',
      sync(0, 0, { changed: { fanMode: 'low' } }),
      'sync.changed.fanMode',
    ],
    [
      'a changed value out of range',
      sync(0, 0, { changed: { screenBrightness: 400 } }),
      'sync.changed.screenBrightness',
    ],
    ['a negative version', { sync: { knownDesiredVersion: -1, appliedDesiredVersion: 0 } }, 'sync'],
    ['an unknown ack status', { acks: [{ commandId: 'a', status: 'done' }] }, 'acks'],
    [
      'too many acks',
      {
        acks: Array.from({ length: 21 }, (_, i) => ({
          commandId: `c${String(i)}`,
          status: 'succeeded',
        })),
      },
      'acks',
    ],
    [
      'a result too large',
      { acks: [{ commandId: 'a', status: 'failed', result: { note: 'x'.repeat(201) } }] },
      'acks',
    ],
    ['nothing to say', {}, ''],
    ['an unknown field', { ...sync(0), reboot: true }, ''],
  ];
  it.each(cases)('%s', async (_name, body, field) => {
    await set({ screenBrightness: 40 });
    const before = await controlDocs(cloud, device.deviceId);
    cloud.resetOps();
    const answer = await postIngest(cloud, {
      authorization: deviceAuthorization(device.deviceId, key),
      body,
    });
    expect(answer.status).toBe(422);
    const error = IngestErrorBodySchema.parse(answer.body).error;
    expect(error.code).toBe('invalid-argument');
    if (field !== '') {
      expect(Object.keys((error.details as { fieldErrors: object }).fieldErrors)).toContain(field);
    }
    // Nothing: the per-device limit is counted in the submission's transaction, which is undone.
    expect(cloud.ops().writes).toBe(0);
    expect(await controlDocs(cloud, device.deviceId)).toEqual(before);
  });
});

describe('ingest op budget with the settings channel', () => {
  it('with nothing pending a sync costs exactly what the readings alone cost', async () => {
    await call(sync(0));
    const plain = quietBatch('plain', 10);
    cloud.resetOps();
    await call({ readings: plain.readings });
    const readingsOnly = cloud.ops();
    const synced = quietBatch('synced', 10);
    cloud.resetOps();
    await call({ readings: synced.readings, ...sync(0) });
    expect(cloud.ops()).toEqual(readingsOnly);
  });

  it('a delta and two commands add the desired read, the query’s two results and two writes', async () => {
    await call(sync(0));
    const plain = quietBatch('plain', 10);
    cloud.resetOps();
    await call({ readings: plain.readings, ...sync(0) });
    const base = cloud.ops();
    await set({ screenBrightness: 5 });
    await sendCommand(cloud, { deviceId: device.deviceId, command: 'identify' }, device.ownerUid);
    await sendCommand(cloud, { deviceId: device.deviceId, command: 'reboot' }, device.ownerUid);
    await cloud.idle();
    const batch = quietBatch('delta', 10);
    cloud.resetOps();
    const answer = await call({ readings: batch.readings, ...sync(0) });
    expect(answer.desired?.version).toBe(1);
    expect(answer.commands).toHaveLength(2);
    expect(cloud.ops()).toMatchObject({ reads: base.reads + 3, writes: base.writes + 2 });
  });
});

describe('an app listening to the device', () => {
  const { signedIn, stopAfterTest } = useAppUsers(cloud);
  it('sees a setting go from pending to applied', async () => {
    const app = await signedIn();
    const own = await telemetryDevice(cloud, app.uid);
    const ownKey = await rotateKey(cloud, own);
    const snapshots = watch<DocumentSnapshot>((next) =>
      onSnapshot(doc(app.db, `devices/${own.deviceId}`), { includeMetadataChanges: true }, next),
    );
    stopAfterTest(snapshots.stop);
    await setSettings(cloud, own.deviceId, { screenBrightness: 60 }, app.uid);
    await snapshots.next(
      (snapshot) =>
        ((snapshot.get('control.pendingKeys') as string[] | undefined) ?? []).includes(
          'screenBrightness',
        ),
      'the setting pending',
    );
    await gadgetCall(cloud, own.deviceId, ownKey, sync(1, 1));
    const applied = await snapshots.next(
      (snapshot) => snapshot.get('control.appliedVersion') === 1,
      'the setting applied',
    );
    expect(applied.get('control.pendingKeys')).toEqual([]);
  });
});

// relayGadgetReport: a BLE gadget's signed report, relayed by any member's phone. Signatures are
// Ed25519 over the exact bytes; only a newer `seq` counts; older gadgets without a key are kept
// but unverified; a removed member cannot relay; bad input names the field and writes nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { RelayGadgetReportResponseSchema } from '@gadget/shared';
import type { RelayGadgetReportResponse } from '@gadget/shared';
import { generateGadgetKeyPair, signGadgetReport } from '../../scripts/provision/gadget-keys.ts';
import type { GadgetKeyPair } from '../../scripts/provision/gadget-keys.ts';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { writesDuring } from '../helpers/writes.ts';
import { claimedDevice, deviceDoc, seedMembers } from '../helpers/devices.ts';
import { startTelemetryCloud } from '../helpers/telemetry.ts';
import {
  commandDocs,
  controlDocs,
  sendCommand,
  setSettings,
  expectRefusedUnchanged,
} from '../helpers/control.ts';

const cloud = sharedCloud(() => startTelemetryCloud());
let deviceId: string;
let keys: GadgetKeyPair;

/** alice owns a thermo-1 provisioned with a key pair; bob is an admin, carol a viewer. */
beforeEach(async () => {
  const claimed = await claimedDevice(cloud, 'alice');
  deviceId = claimed.deviceId;
  keys = generateGadgetKeyPair();
  await cloud.firestore
    .doc(`deviceRegistry/${claimed.serial}`)
    .update({ publicKey: keys.publicKey });
  await seedMembers(cloud, deviceId, { bob: 'admin', carol: 'viewer' });
});

/** The report as the gadget would send it over BLE: its JSON bytes and their signature. */
function signed(report: unknown, privateKey = keys.privateKey) {
  const bytes = Buffer.from(JSON.stringify(report));
  return { report: bytes.toString('base64'), signature: signGadgetReport(bytes, privateKey) };
}

const relay = (body: Record<string, unknown>, uid?: string) =>
  cloud.call('relayGadgetReport', { deviceId, ...body }, uid === undefined ? {} : { uid });

async function relayed(report: unknown, uid: string): Promise<RelayGadgetReportResponse> {
  return RelayGadgetReportResponseSchema.parse(await relay(signed(report), uid));
}

const refusedUnchanged = (action: () => Promise<unknown>, code: string) =>
  expectRefusedUnchanged(
    cloud,
    async () => ({
      device: await deviceDoc(cloud, deviceId),
      ...(await controlDocs(cloud, deviceId)),
      commands: await commandDocs(cloud, deviceId),
    }),
    action,
    code,
  );

describe('relayGadgetReport', () => {
  it('a viewer’s phone relays; the gadget gets settings and commands back; reported records who', async () => {
    await setSettings(cloud, deviceId, { screenBrightness: 30 }, 'alice');
    const commandId = await sendCommand(cloud, { deviceId, command: 'identify' }, 'bob');
    const first = await relayed(
      { seq: 1, sync: { knownDesiredVersion: 0, appliedDesiredVersion: 0 }, firmware: '1.2.0' },
      'carol',
    );
    expect(first).toMatchObject({
      accepted: true,
      verified: true,
      desired: { version: 1, values: { screenBrightness: 30 } },
      commands: [{ commandId, command: 'identify' }],
    });
    const second = await relayed(
      {
        seq: 2,
        sync: { knownDesiredVersion: 1, appliedDesiredVersion: 1 },
        acks: [{ commandId, status: 'succeeded' }],
      },
      'bob',
    );
    expect(second).toEqual({ accepted: true, verified: true, commands: [] });
    const { control, reported } = await controlDocs(cloud, deviceId);
    expect(reported).toMatchObject({
      seq: 2,
      appliedDesiredVersion: 1,
      values: { screenBrightness: 30 },
      firmware: '1.2.0',
      via: 'relay',
      relayedBy: 'bob',
      verified: true,
    });
    expect(control).toMatchObject({ appliedVersion: 1, pendingKeys: [], syncedVia: 'relay' });
    expect((await commandDocs(cloud, deviceId))[commandId]).toMatchObject({ status: 'succeeded' });
    expect((await deviceDoc(cloud, deviceId))?.status).toMatchObject({
      firmware: { version: '1.2.0' },
    });
  });

  it('a report not newer than the last is not accepted and changes nothing, by any phone', async () => {
    await relayed({ seq: 5, sync: { knownDesiredVersion: 0, appliedDesiredVersion: 0 } }, 'alice');
    for (const [seq, uid] of [
      [5, 'alice'],
      [4, 'bob'],
    ] as const) {
      const before = await controlDocs(cloud, deviceId);
      const writes = await writesDuring(cloud, async () => {
        expect(await relayed({ seq, firmware: '9.9.9' }, uid)).toEqual({
          accepted: false,
          verified: true,
          commands: [],
        });
      });
      expect(writes).toBe(0);
      expect(await controlDocs(cloud, deviceId)).toEqual(before);
    }
  });

  it('a bad signature, another gadget’s key or altered bytes are permission-denied', async () => {
    const report = { seq: 1, firmware: '1.2.0' };
    const other = generateGadgetKeyPair();
    await refusedUnchanged(
      () => relay(signed(report, other.privateKey), 'alice'),
      'permission-denied',
    );
    const genuine = signed(report);
    const altered = Buffer.from(JSON.stringify({ seq: 1, firmware: '1.3.0' })).toString('base64');
    await refusedUnchanged(
      () => relay({ report: altered, signature: genuine.signature }, 'alice'),
      'permission-denied',
    );
    await refusedUnchanged(
      () => relay({ report: genuine.report, signature: 'A'.repeat(86) + '==' }, 'alice'),
      'permission-denied',
    );
  });

  it('a gadget without a public key is accepted, unverified', async () => {
    const { deviceId: old, serial } = await claimedDevice(cloud, 'alice');
    await cloud.firestore.doc(`deviceRegistry/${serial}`).update({ publicKey: null });
    const answer = RelayGadgetReportResponseSchema.parse(
      await cloud.call(
        'relayGadgetReport',
        { deviceId: old, ...signed({ seq: 1 }) },
        { uid: 'alice' },
      ),
    );
    expect(answer).toMatchObject({ accepted: true, verified: false });
    expect((await controlDocs(cloud, old)).reported).toMatchObject({ verified: false, seq: 1 });
  });

  it('a removed member, a stranger and a signed-out caller cannot relay', async () => {
    await cloud.call('removeMember', { deviceId, uid: 'carol' }, { uid: 'alice' });
    await refusedUnchanged(() => relay(signed({ seq: 1 }), 'carol'), 'not-found');
    await refusedUnchanged(() => relay(signed({ seq: 1 }), 'mallory'), 'not-found');
    await refusedUnchanged(() => relay(signed({ seq: 1 })), 'unauthenticated');
  });

  describe('bad input names the field and writes nothing', () => {
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    const cases: [string, () => Record<string, unknown>, string][] = [
      ['a report that is not JSON', () => ({ ...signed({}), report: base64('seq=1') }), 'report'],
      ['a report without seq', () => signed({ firmware: '1.2.0' }), 'report.seq'],
      ['an unknown report field', () => signed({ seq: 1, reboot: true }), 'report'],
      [
        'a bad setting in the report',
        () =>
          signed({
            seq: 1,
            sync: {
              knownDesiredVersion: 0,
              appliedDesiredVersion: 0,
              changed: { screenBrightness: 'max' },
            },
          }),
        'sync.changed.screenBrightness',
      ],
      ['a report that is not base64', () => ({ ...signed({ seq: 1 }), report: '!!!' }), 'report'],
      [
        'an oversized report',
        () => ({ ...signed({ seq: 1 }), report: 'A'.repeat(20_000) }),
        'report',
      ],
      ['a short signature', () => ({ ...signed({ seq: 1 }), signature: 'AAAA' }), 'signature'],
      ['no signature', () => ({ report: signed({ seq: 1 }).report }), 'signature'],
    ];
    it.each(cases)('%s', async (_name, body, field) => {
      const error = await refusedUnchanged(() => relay(body(), 'alice'), 'invalid-argument');
      expect(Object.keys(error.details?.fieldErrors ?? {})).toContain(field);
    });
  });
});

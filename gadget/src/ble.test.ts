import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReadingInput } from '@gadget/shared';
import type { GadgetEvent, PhoneRelay } from './index.ts';
import { ReferenceGadget, seededRandom } from './index.ts';
import { fakePhone as fakePhoneOf } from '../test/fake-phone.ts';
import type { PhoneAnswer } from '../test/fake-phone.ts';
import { testIdentity } from '../test/identity.ts';

const identity = testIdentity({ deviceKey: null });
const publicKey = createPublicKey({
  key: {
    kty: 'OKP',
    crv: 'Ed25519',
    x: Buffer.from(identity.publicKey, 'base64').toString('base64url'),
  },
  format: 'jwk',
});

/** The fake phone for this file's gadget. */
function fakePhone(answer?: PhoneAnswer, submit?: (readings: ReadingInput[]) => void) {
  return fakePhoneOf(identity, answer, submit);
}

function bleGadget(phone: PhoneRelay) {
  const events: GadgetEvent[] = [];
  const gadget = new ReferenceGadget({
    identity,
    transport: { kind: 'ble', phone },
    random: seededRandom(3),
    speed: 1000,
    onEvent: (event) => events.push(event),
  });
  return { gadget, events };
}

describe('ReferenceGadget over BLE', () => {
  it('relays reports signed with its key, seq rising; readings go through submitReadings', async () => {
    const fake = fakePhone((_report, index) =>
      index === 0 ? { desired: { version: 1, values: { displayUnit: 'F' } } } : {},
    );
    const { gadget } = bleGadget(fake.phone);
    gadget.sample();
    gadget.sample();
    await gadget.syncOnce();
    await gadget.syncOnce();

    expect(fake.submitted.map((batch) => batch.map((reading) => reading.id))).toEqual([
      gadget.status.generatedIds,
    ]);
    expect(gadget.status.acknowledgedIds).toEqual(gadget.status.generatedIds);
    const [first, second] = fake.relayed.map((relayed) => relayed.parsed);
    expect(first).toEqual({
      seq: expect.any(Number) as number,
      sync: { knownDesiredVersion: 0, appliedDesiredVersion: 0 },
      firmware: '1.2.0',
    });
    expect(second).toEqual({
      seq: (first?.seq ?? 0) + 1,
      sync: { knownDesiredVersion: 1, appliedDesiredVersion: 1 },
      firmware: '1.2.0',
    });
    expect(gadget.status.settings.displayUnit).toBe('F');
    // The signature covers these very bytes: one bit changed and it no longer verifies.
    const bytes = Buffer.from(fake.relayed[0]?.report ?? '', 'base64');
    const signature = Buffer.from(fake.relayed[0]?.signature ?? '', 'base64');
    expect(verify(null, bytes, publicKey, signature)).toBe(true);
    bytes[2] = (bytes[2] ?? 0) ^ 1;
    expect(verify(null, bytes, publicKey, signature)).toBe(false);
  });

  it('after a lost answer relays the same bytes; not newer means it got through before', async () => {
    let lost = false;
    const identify = {
      commandId: 'c1',
      command: 'identify',
      params: {},
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
    };
    const fake = fakePhone((report, index) => {
      if (index === 0) return { commands: [identify] };
      if (report.acks !== undefined && !lost) {
        lost = true;
        throw new Error('the phone lost the connection');
      }
      // The retry: its seq is not newer than the one that got through.
      return report.acks === undefined ? {} : { accepted: false };
    });
    const { gadget, events } = bleGadget(fake.phone);
    await gadget.syncOnce();
    await gadget.syncOnce();
    await gadget.syncOnce();

    const [, lostReport, retried, next] = fake.relayed;
    expect(retried?.report).toBe(lostReport?.report);
    expect(retried?.signature).toBe(lostReport?.signature);
    expect(lostReport?.parsed.acks).toEqual([
      { commandId: 'c1', status: 'succeeded', result: { blinked: 10 } },
    ]);
    // Delivered: the ack is not sent again, and the command ran once.
    expect(next?.parsed.acks).toBeUndefined();
    expect(next?.parsed.seq).toBe((lostReport?.parsed.seq ?? 0) + 1);
    expect(gadget.status.commandsRun).toHaveLength(1);
    expect(events.filter((event) => event.type === 'request')).toMatchObject([
      { status: 200 },
      { status: 0, code: 'network' },
      { status: 200 },
      { status: 200 },
    ]);
  });

  it('drops only the readings a phone’s invalid-argument names, and keeps the rest', async () => {
    let refuse = true;
    const fake = fakePhone(undefined, () => {
      if (!refuse) return;
      refuse = false;
      throw Object.assign(new Error('Some readings are not valid.'), {
        code: 'functions/invalid-argument',
        details: { formErrors: [], fieldErrors: { 'readings.0': ['ts: older than 7 days'] } },
      });
    });
    const { gadget, events } = bleGadget(fake.phone);
    gadget.sample();
    gadget.sample();
    const [first, second] = gadget.status.generatedIds;
    await gadget.syncOnce();
    expect(gadget.status).toMatchObject({ refusedIds: [first], bufferedIds: [second] });
    expect(events[0]).toMatchObject({ type: 'request', status: 400, code: 'invalid-argument' });
    await gadget.syncOnce();
    expect(gadget.status).toMatchObject({ acknowledgedIds: [second], bufferedIds: [] });
  });
});

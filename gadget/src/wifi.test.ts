import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReferenceGadget, seededRandom } from './index.ts';
import { MAX_ATTEMPTS } from './retry.ts';
import { OK, refusal } from '../test/fake-ingest.ts';
import { wifiGadget } from '../test/wifi-gadget.ts';
import type { IngestReply } from '../test/fake-ingest.ts';
import { testIdentity } from '../test/identity.ts';

const identity = testIdentity();

afterEach(() => {
  vi.useRealTimers();
});

describe('ReferenceGadget over Wi-Fi', () => {
  it('posts what the contract accepts with its device key, and applies the answer', async () => {
    const { gadget, ingest, events } = wifiGadget((_request, index) =>
      index === 0
        ? {
            answer: {
              desired: { version: 2, values: { reportIntervalSeconds: 300, displayUnit: 'F' } },
              commands: [
                {
                  commandId: 'cmd-1',
                  command: 'identify',
                  params: {},
                  expiresAt: new Date(Date.now() + 600_000).toISOString(),
                },
              ],
              nextPollSeconds: 5,
            },
          }
        : OK,
    );
    gadget.sample();
    gadget.sample();
    gadget.sample();
    await gadget.syncOnce();

    const [first] = ingest.exchanges;
    expect(first?.headers.get('authorization')).toBe(
      `Device device-1:${String(identity.deviceKey)}`,
    );
    expect(first?.headers.get('content-type')).toBe('application/json');
    const { readings, ...rest } = first?.request ?? {};
    expect(readings?.map((reading) => reading.id)).toEqual(gadget.status.generatedIds);
    expect(rest).toEqual({
      firmware: '1.2.0',
      sync: { knownDesiredVersion: 0, appliedDesiredVersion: 0 },
    });
    expect(gadget.status).toMatchObject({
      knownDesiredVersion: 2,
      appliedDesiredVersion: 2,
      settings: { reportIntervalSeconds: 300, displayUnit: 'F', screenBrightness: 70 },
      acknowledgedIds: gadget.status.generatedIds,
      bufferedIds: [],
      nextPollSeconds: 5,
      commandsRun: [
        { commandId: 'cmd-1', command: 'identify', status: 'succeeded', result: { blinked: 10 } },
      ],
    });
    expect(events.map((event) => event.type)).toEqual([
      'request',
      'readings',
      'settings-applied',
      'command-finished',
    ]);

    await gadget.syncOnce();
    expect(ingest.exchanges[1]?.request).toEqual({
      firmware: '1.2.0',
      sync: { knownDesiredVersion: 2, appliedDesiredVersion: 2 },
      acks: [{ commandId: 'cmd-1', status: 'succeeded', result: { blinked: 10 } }],
    });
  });

  it('ignores a desired version that is not newer than the one it applied', async () => {
    const desired = [
      { version: 2, values: { screenBrightness: 40 } },
      { version: 1, values: { screenBrightness: 10 } },
      { version: 2, values: { screenBrightness: 99 } },
    ];
    const { gadget, events } = wifiGadget((_request, index) => ({
      answer: { desired: desired[index] },
    }));
    for (let call = 0; call < desired.length; call++) await gadget.syncOnce();
    expect(gadget.status.settings.screenBrightness).toBe(40);
    expect(events.filter((event) => event.type === 'settings-applied')).toEqual([
      {
        type: 'settings-applied',
        version: 2,
        values: { reportIntervalSeconds: 900, displayUnit: 'C', screenBrightness: 40 },
      },
    ]);
  });

  it('sends a local change until a call carrying it succeeds, then no more', async () => {
    const { gadget, ingest, events } = wifiGadget((_request, index) =>
      index === 0 ? refusal(403, 'permission-denied') : OK,
    );
    gadget.changeSettingLocally('displayUnit', 'F');
    await gadget.syncOnce();
    await gadget.syncOnce();
    await gadget.syncOnce();
    expect(ingest.exchanges.map((exchange) => exchange.request.sync?.changed)).toEqual([
      { displayUnit: 'F' },
      { displayUnit: 'F' },
      undefined,
    ]);
    expect(gadget.status.settings.displayUnit).toBe('F');
    expect(events[0]).toEqual({ type: 'setting-changed-locally', key: 'displayUnit', value: 'F' });
    expect(() => {
      gadget.changeSettingLocally('displayUnit', 'K');
    }).toThrow(RangeError);
  });

  it('after a 429 waits Retry-After, then sends the identical body', async () => {
    vi.useFakeTimers();
    const { gadget, ingest, events } = wifiGadget((_request, index) =>
      index === 0 ? refusal(429, 'resource-exhausted', { retryAfter: '2' }) : OK,
    );
    gadget.sample();
    const done = gadget.syncOnce();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(ingest.exchanges).toHaveLength(1);
    // Retry-After is the backend's real time: speed does not shorten it (jitter adds up to 1 s).
    await vi.advanceTimersByTimeAsync(1_001);
    await done;
    expect(ingest.exchanges).toHaveLength(2);
    expect(ingest.exchanges[1]?.body).toBe(ingest.exchanges[0]?.body);
    expect(gadget.status.bufferedIds).toEqual([]);
    expect(events.filter((event) => event.type === 'request')).toMatchObject([
      { status: 429, code: 'resource-exhausted' },
      { status: 200 },
    ]);
  });

  it('on a lost answer, a timeout or a network error resends the same body: every reading stored once', async () => {
    const stored = new Set<string>();
    /** Per round (one syncOnce), the bodies the backend received: the first and its retries. */
    const rounds: string[][] = [];
    const { gadget, ingest, events } = wifiGadget(
      (request, index) => {
        const ids = (request.readings ?? []).map((reading) => reading.id);
        // Every seventh request fails before it reaches the backend.
        if (index % 7 === 3) return 'network-error';
        const fresh = ids.filter((id) => !stored.has(id));
        for (const id of fresh) stored.add(id);
        return { answer: { accepted: fresh.length, duplicates: ids.length - fresh.length } };
      },
      { faults: { dropResponse: 0.3, timeout: 0.2 }, random: seededRandom(11) },
    );
    for (let round = 0; round < 20; round++) {
      gadget.sample();
      gadget.sample();
      const before = ingest.exchanges.length;
      await gadget.syncOnce();
      rounds.push(ingest.exchanges.slice(before).map((exchange) => exchange.body));
    }
    await gadget.flush();

    expect(rounds.filter((bodies) => bodies.length > 1).length).toBeGreaterThan(3);
    for (const bodies of rounds) expect(new Set(bodies).size).toBeLessThanOrEqual(1);
    const { generatedIds, acknowledgedIds, bufferedIds } = gadget.status;
    expect(new Set(generatedIds).size).toBe(40);
    expect([...stored].sort()).toEqual([...generatedIds].sort());
    expect([...acknowledgedIds].sort()).toEqual([...generatedIds].sort());
    expect(bufferedIds).toEqual([]);
    const codes = new Set(
      events.flatMap((event) => (event.type === 'request' ? [event.code] : [])),
    );
    expect(codes).toEqual(new Set(['dropped', 'timeout', 'network', undefined]));
    const duplicates = events.reduce(
      (sum, e) => sum + (e.type === 'readings' ? e.duplicates : 0),
      0,
    );
    expect(duplicates).toBeGreaterThan(0);
  });

  it(`gives up after ${String(MAX_ATTEMPTS)} attempts and keeps its readings for the next call, same ids`, async () => {
    let down = true;
    const { gadget, ingest } = wifiGadget(() => (down ? refusal(503, 'internal') : OK));
    gadget.sample();
    gadget.sample();
    await gadget.syncOnce();
    expect(ingest.exchanges).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(ingest.exchanges.map((exchange) => exchange.body)).size).toBe(1);
    expect(gadget.status.bufferedIds).toEqual(gadget.status.generatedIds);

    down = false;
    await gadget.syncOnce();
    expect(ingest.exchanges.at(-1)?.request.readings?.map((reading) => reading.id)).toEqual(
      gadget.status.generatedIds,
    );
    expect(gadget.status.bufferedIds).toEqual([]);
  });

  it('on a 422 drops only the readings and changes it names, and retries no other 4xx', async () => {
    const replies: IngestReply[] = [
      refusal(422, 'invalid-argument', {
        details: {
          formErrors: [],
          fieldErrors: {
            'readings.1': ['ts: older than 7 days'],
            'sync.changed.displayUnit': ['no'],
          },
        },
      }),
      refusal(403, 'permission-denied'),
      OK,
    ];
    const { gadget, ingest } = wifiGadget((_request, index) => replies[index] ?? OK);
    gadget.sample();
    gadget.sample();
    gadget.sample();
    gadget.changeSettingLocally('displayUnit', 'F');
    const [first, second, third] = gadget.status.generatedIds;

    await gadget.syncOnce();
    expect(ingest.exchanges).toHaveLength(1);
    expect(gadget.status).toMatchObject({ refusedIds: [second], bufferedIds: [first, third] });
    expect(gadget.status.unsentChanges).toEqual({});

    await gadget.syncOnce();
    expect(ingest.exchanges).toHaveLength(2);
    expect(gadget.status.bufferedIds).toEqual([first, third]);

    await gadget.syncOnce();
    expect(ingest.exchanges[2]?.request.readings?.map((reading) => reading.id)).toEqual([
      first,
      third,
    ]);
    expect(gadget.status).toMatchObject({ acknowledgedIds: [first, third], bufferedIds: [] });
  });

  it('sends at most 500 readings a call, oldest first; flush sends the rest', async () => {
    const { gadget, ingest } = wifiGadget(() => OK);
    for (let i = 0; i < 1_100; i++) gadget.sample();
    await gadget.syncOnce();
    expect(ingest.exchanges[0]?.request.readings).toHaveLength(500);
    await gadget.flush();
    expect(ingest.exchanges.map((exchange) => exchange.request.readings?.length)).toEqual([
      500, 500, 100,
    ]);
    expect(gadget.status.acknowledgedIds).toEqual(gadget.status.generatedIds);
    await gadget.flush();
    expect(ingest.exchanges).toHaveLength(3);
  });

  it('refuses options it cannot run with', () => {
    const transport = { kind: 'wifi', ingestUrl: 'http://ingest.test/ingest' } as const;
    expect(
      () => new ReferenceGadget({ identity: { ...identity, deviceKey: null }, transport }),
    ).toThrow(TypeError);
    expect(
      () => new ReferenceGadget({ identity, transport, faults: { clockSkewMs: 6 * 60_000 } }),
    ).toThrow(RangeError);
    expect(() => new ReferenceGadget({ identity, transport, speed: 0 })).toThrow(RangeError);
    expect(() => new ReferenceGadget({ identity, transport, firmware: 'v2' })).toThrow();
  });

  it('stamps readings with its own clock, skew included', async () => {
    const { gadget, ingest } = wifiGadget(() => OK, { faults: { clockSkewMs: -120_000 } });
    const before = Date.now();
    gadget.sample();
    await gadget.syncOnce();
    const ts = Date.parse(ingest.exchanges[0]?.request.readings?.[0]?.ts ?? '');
    expect(ts).toBeGreaterThanOrEqual(before - 120_000);
    expect(ts).toBeLessThanOrEqual(Date.now() - 120_000);
  });
});

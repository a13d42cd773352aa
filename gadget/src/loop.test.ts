import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReferenceGadget, seededRandom } from './index.ts';
import { fakeIngest } from '../test/fake-ingest.ts';
import { testIdentity } from '../test/identity.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('ReferenceGadget.run', () => {
  it('samples every gadget minute and calls when the backend said, sped up, until aborted', async () => {
    vi.useFakeTimers();
    const ingest = fakeIngest(() => ({ answer: { nextPollSeconds: 120 } }));
    const gadget = new ReferenceGadget({
      identity: testIdentity(),
      transport: { kind: 'wifi', ingestUrl: 'http://ingest.test/ingest' },
      fetch: ingest.fetch,
      random: seededRandom(4),
      speed: 60,
    });
    const stop = new AbortController();
    const running = gadget.run(stop.signal);
    // 5.5 real seconds at 60× are 5.5 gadget minutes: samples at 0…5 min, calls at 0, 2 and 4 min.
    await vi.advanceTimersByTimeAsync(5_500);
    stop.abort();
    await running;
    const { generatedIds, bufferedIds } = gadget.status;
    expect(generatedIds).toHaveLength(6);
    expect(ingest.exchanges).toHaveLength(3);
    // Each call carried what was sampled before it, in order; the rest waits in the buffer.
    const sent = ingest.exchanges.flatMap((exchange) =>
      (exchange.request.readings ?? []).map((reading) => reading.id),
    );
    expect([...sent, ...bufferedIds]).toEqual(generatedIds);
    expect(sent.length).toBeGreaterThanOrEqual(4);

    await gadget.flush();
    expect(gadget.status.acknowledgedIds).toEqual(gadget.status.generatedIds);
  });

  it('posts at its report interval over BLE, which has no nextPollSeconds', async () => {
    vi.useFakeTimers();
    let relayed = 0;
    const gadget = new ReferenceGadget({
      identity: testIdentity({ deviceKey: null }),
      transport: {
        kind: 'ble',
        phone: {
          submitReadings: (readings) =>
            Promise.resolve({ accepted: readings.length, duplicates: 0 }),
          relayReport: () => {
            relayed += 1;
            return Promise.resolve({
              commands: [],
              accepted: true,
              verified: true,
              ...(relayed === 1
                ? { desired: { version: 1, values: { reportIntervalSeconds: 300 } } }
                : {}),
            });
          },
        },
      },
      random: seededRandom(4),
      speed: 60,
    });
    const stop = new AbortController();
    const running = gadget.run(stop.signal);
    // 11 gadget minutes at a 5-minute interval: calls at 0, 5 and 10 minutes.
    await vi.advanceTimersByTimeAsync(11_000);
    stop.abort();
    await running;
    expect(relayed).toBe(3);
  });
});

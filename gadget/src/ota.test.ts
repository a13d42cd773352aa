import { afterEach, describe, expect, it, vi } from 'vitest';
import { GetFirmwareOfferResponseSchema } from '@gadget/shared';
import type { FirmwareOffer } from '@gadget/shared';
import { ReferenceGadget, carryFirmwareUpdate, seededRandom } from './index.ts';
import type { GadgetEvent, GadgetOptions } from './index.ts';
import { OK, offering, refusal } from '../test/fake-ingest.ts';
import type { IngestReply, ParsedIngestRequest } from '../test/fake-ingest.ts';
import { fakePhone } from '../test/fake-phone.ts';
import { firmwareImage, firmwareKeys, signedOffer } from '../test/firmware.ts';
import type { OfferOptions } from '../test/firmware.ts';
import { startFirmwareServer } from '../test/firmware-server.ts';
import type { FirmwareServer, FirmwareServerOptions } from '../test/firmware-server.ts';
import { testIdentity } from '../test/identity.ts';
import { wifiGadget } from '../test/wifi-gadget.ts';

const CHUNK = 64 * 1024;
/** Four whole ranges and a short fifth. */
const SIZE = 300_000;
const keys = firmwareKeys();
const image = firmwareImage(SIZE);

const servers: FirmwareServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: Partial<FirmwareServerOptions> = {}): Promise<FirmwareServer> {
  const server = await startFirmwareServer({ image, ...options });
  servers.push(server);
  return server;
}

function offerFor(server: FirmwareServer, options: Partial<OfferOptions> = {}): FirmwareOffer {
  return signedOffer(image, { url: server.url, keys, ...options });
}

/** A Wi-Fi gadget built with the release key, on the fake ingest. */
function gadgetOn(
  reply: (request: ParsedIngestRequest, index: number) => IngestReply,
  options: Partial<GadgetOptions> = {},
) {
  return wifiGadget(reply, { firmwarePublicKey: keys.publicKey, ...options });
}

/** `calls` exchanges, each followed by whatever download it started. */
async function exchanges(gadget: ReferenceGadget, calls: number): Promise<void> {
  for (let call = 0; call < calls; call++) {
    await gadget.syncOnce();
    await gadget.firmwareSettled();
  }
}

function otaStates(events: readonly GadgetEvent[]) {
  return events.flatMap((event) =>
    event.type === 'ota'
      ? [event.error === undefined ? event.state : `${event.state}:${event.error}`]
      : [],
  );
}

function rangeStarts(server: FirmwareServer): number[] {
  return server.requests.map((request) => Number(/^bytes=(\d+)-/.exec(request.range ?? '')?.[1]));
}

function deferred() {
  return Promise.withResolvers<undefined>();
}

const UPDATE = { rolloutId: 'rollout-1', version: '1.3.0' } as const;

describe('firmware updates over Wi-Fi', () => {
  it('downloads by 64 KiB ranges, verifies, installs, restarts on trial and confirms, reporting each step', async () => {
    const third = deferred();
    const server = await serve({ hold: (index) => (index === 2 ? third.promise : undefined) });
    const offer = offerFor(server);
    const backend = offering(offer);
    const { gadget, ingest, events } = gadgetOn(backend.reply);
    const identity = gadget.status;
    expect(identity).toMatchObject({
      firmware: '1.2.0',
      fallbackFirmware: null,
      antiRollback: 0,
      ota: { state: 'idle', reportPending: false },
    });

    await gadget.syncOnce(); // hears of the offer: the download starts
    await server.received(3); // two ranges in, the third held back
    expect(gadget.status.ota).toMatchObject({
      state: 'downloading',
      progress: 43,
      bytesHeld: 2 * CHUNK,
    });
    await gadget.syncOnce(); // reports the progress; the offer again changes nothing
    third.resolve(undefined);
    await gadget.firmwareSettled();
    expect(gadget.status.ota).toMatchObject({
      state: 'downloaded',
      progress: 100,
      bytesHeld: SIZE,
      reportPending: true,
    });

    await gadget.syncOnce(); // downloaded: it installs
    expect(gadget.status.ota.state).toBe('installing');
    expect(gadget.status.firmware).toBe('1.2.0');
    await gadget.syncOnce(); // installing: it restarts into 1.3.0 on trial
    expect(gadget.status).toMatchObject({
      firmware: '1.3.0',
      fallbackFirmware: '1.2.0',
      antiRollback: 0,
      boots: 2,
      ota: { state: 'test-booted', reportPending: true },
    });
    await gadget.syncOnce(); // 1.3.0 got through: confirmed
    expect(gadget.status).toMatchObject({
      firmware: '1.3.0',
      fallbackFirmware: null,
      antiRollback: 2,
      boots: 2,
      ota: { state: 'succeeded', reportPending: false, error: null },
    });
    await gadget.syncOnce();

    expect(ingest.exchanges.map(({ request }) => [request.firmware, request.ota])).toEqual([
      ['1.2.0', undefined],
      ['1.2.0', { ...UPDATE, state: 'downloading', progress: 43 }],
      ['1.2.0', { ...UPDATE, state: 'downloaded' }],
      ['1.2.0', { ...UPDATE, state: 'installing' }],
      ['1.3.0', undefined],
      ['1.3.0', undefined],
    ]);
    expect(server.requests.map((request) => [request.range, request.status])).toEqual([
      ['bytes=0-65535', 206],
      ['bytes=65536-131071', 206],
      ['bytes=131072-196607', 206],
      ['bytes=196608-262143', 206],
      ['bytes=262144-299999', 206],
    ]);
    // The gadget's own header, the one ingest takes.
    expect(new Set(server.requests.map((request) => request.authorization))).toEqual(
      new Set([ingest.exchanges[0]?.headers.get('authorization')]),
    );
    expect(ingest.exchanges[0]?.headers.get('authorization')).toMatch(/^Device device-1:/);
    expect(otaStates(events)).toEqual([
      'downloading',
      'downloaded',
      'installing',
      'test-booted',
      'succeeded',
    ]);
    const downloads = events.flatMap((event) =>
      event.type === 'firmware-download' ? [event] : [],
    );
    expect(downloads.map((event) => [event.status, event.bytes])).toEqual([
      [206, CHUNK],
      [206, CHUNK],
      [206, CHUNK],
      [206, CHUNK],
      [206, SIZE - 4 * CHUNK],
    ]);
  });

  it('resumes a download cut twice from the bytes it holds, never from 0', async () => {
    const server = await serve({
      behave: (index) =>
        index === 1 ? { cutAfter: 10_000 } : index === 3 ? { cutAfter: 50_000 } : 'serve',
    });
    const backend = offering(offerFor(server));
    const { gadget, events } = gadgetOn(backend.reply);
    await exchanges(gadget, 1);

    expect(gadget.status.ota).toMatchObject({ state: 'downloaded', bytesHeld: SIZE });
    const starts = rangeStarts(server);
    // Each request asks from where the bytes that came before ended.
    expect(starts[0]).toBe(0);
    for (let index = 1; index < starts.length; index++) {
      const previous = server.requests[index - 1];
      expect(starts[index]).toBe((starts[index - 1] ?? 0) + (previous?.bytesSent ?? 0));
    }
    expect(starts.filter((start) => start === 0)).toHaveLength(1);
    expect(server.requests).toHaveLength(6);
    expect(server.bytesSent()).toBeLessThan(SIZE + 2 * CHUNK);
    expect(server.bytesSent()).toBe(SIZE);
    const cuts = events.filter(
      (event) => event.type === 'firmware-download' && event.code === 'cut',
    );
    expect(cuts).toHaveLength(2);

    await exchanges(gadget, 3);
    expect(gadget.status).toMatchObject({ firmware: '1.3.0', ota: { state: 'succeeded' } });
  });

  it('survives its own connection cutting downloads at random, every byte fetched once', async () => {
    const server = await serve();
    const backend = offering(offerFor(server));
    const { gadget, events } = gadgetOn(backend.reply, {
      faults: { cutDownload: 0.5 },
      random: seededRandom(21),
    });
    await exchanges(gadget, 1);

    expect(gadget.status.ota).toMatchObject({ state: 'downloaded', bytesHeld: SIZE });
    const downloads = events.flatMap((event) =>
      event.type === 'firmware-download' ? [event] : [],
    );
    expect(downloads.filter((event) => event.code === 'cut').length).toBeGreaterThan(1);
    expect(downloads.reduce((sum, event) => sum + event.bytes, 0)).toBe(SIZE);
    expect(rangeStarts(server).filter((start) => start === 0)).toHaveLength(1);
  });

  it('on a SHA-256 mismatch reports failed, installs nothing and never starts that offer again', async () => {
    const tampered = Uint8Array.from(image);
    tampered[12_345] = (tampered[12_345] ?? 0) ^ 0xff;
    const server = await serve({ image: tampered });
    const offer = offerFor(server);
    // A backend that keeps offering it: the gadget must not take it up again.
    const { gadget, ingest, events } = gadgetOn(() => ({ answer: { firmware: offer } }));
    await exchanges(gadget, 1);
    // A gadget stopping sends how its update ended before it goes.
    await gadget.flush();
    await exchanges(gadget, 2);

    expect(ingest.exchanges.map(({ request }) => request.ota)).toEqual([
      undefined,
      { ...UPDATE, state: 'failed', error: 'sha256-mismatch' },
      undefined,
      undefined,
    ]);
    expect(gadget.status).toMatchObject({
      firmware: '1.2.0',
      fallbackFirmware: null,
      antiRollback: 0,
      boots: 1,
      ota: { state: 'failed', error: 'sha256-mismatch', bytesHeld: 0, reportPending: false },
    });
    expect(server.requests).toHaveLength(5);
    expect(otaStates(events)).toEqual(['downloading', 'failed:sha256-mismatch']);
  });

  it('refuses an offer whose signature does not verify, before downloading a byte', async () => {
    const server = await serve();
    const cases: { offer: FirmwareOffer; options?: Partial<GadgetOptions> }[] = [
      // Signed with another key.
      { offer: signedOffer(image, { url: server.url, keys: firmwareKeys() }) },
      // A field changed after signing.
      { offer: signedOffer(image, { url: server.url, keys }, { antiRollback: 9 }) },
      // A gadget built without the release key can verify nothing.
      { offer: offerFor(server), options: { firmwarePublicKey: undefined } },
    ];
    for (const { offer, options } of cases) {
      const { gadget, ingest } = gadgetOn(offering(offer).reply, options);
      await exchanges(gadget, 3);
      expect(ingest.exchanges.map(({ request }) => request.ota)).toEqual([
        undefined,
        { ...UPDATE, state: 'failed', error: 'bad-signature' },
        undefined,
      ]);
      expect(gadget.status).toMatchObject({ firmware: '1.2.0', ota: { state: 'failed' } });
    }
    expect(server.requests).toEqual([]);
  });

  it('refuses a release below its anti-rollback counter, or not meant for its version', async () => {
    const server = await serve();
    const cases: [Partial<OfferOptions>, Partial<GadgetOptions>, string][] = [
      [{ antiRollback: 2 }, { antiRollback: 3 }, 'anti-rollback'],
      [{ minFromVersion: '1.2.1' }, {}, 'not-applicable'],
      [{ deltaFrom: '1.1.0' }, {}, 'not-applicable'],
    ];
    for (const [offerOptions, gadgetOptions, error] of cases) {
      const { gadget, ingest } = gadgetOn(offering(offerFor(server, offerOptions)).reply, {
        ...gadgetOptions,
      });
      await exchanges(gadget, 2);
      expect(ingest.exchanges[1]?.request.ota).toEqual({ ...UPDATE, state: 'failed', error });
      expect(gadget.status).toMatchObject({
        firmware: '1.2.0',
        antiRollback: gadgetOptions.antiRollback ?? 0,
      });
    }
    expect(server.requests).toEqual([]);

    // Equal to its counter, a delta from the version it runs: taken.
    const { gadget } = gadgetOn(
      offering(offerFor(server, { antiRollback: 3, deltaFrom: '1.2.0', minFromVersion: '1.2.0' }))
        .reply,
      { antiRollback: 3 },
    );
    await exchanges(gadget, 4);
    expect(gadget.status).toMatchObject({ firmware: '1.3.0', antiRollback: 3 });
  });

  it('goes back to the old version when the new one fails to boot, and reports rolled-back', async () => {
    const server = await serve();
    const backend = offering(offerFor(server));
    const { gadget, ingest, events } = gadgetOn(backend.reply, {
      faults: { failsToBoot: ['1.3.0'] },
    });
    await exchanges(gadget, 5);

    expect(ingest.exchanges.map(({ request }) => [request.firmware, request.ota?.state])).toEqual([
      ['1.2.0', undefined],
      ['1.2.0', 'downloaded'],
      ['1.2.0', 'installing'],
      ['1.2.0', 'rolled-back'],
      ['1.2.0', undefined],
    ]);
    expect(ingest.exchanges[3]?.request.ota).toEqual({
      ...UPDATE,
      state: 'rolled-back',
      error: 'boot-failed',
    });
    expect(gadget.status).toMatchObject({
      firmware: '1.2.0',
      fallbackFirmware: null,
      antiRollback: 0,
      // Into the new version, and back.
      boots: 3,
      ota: { state: 'rolled-back', error: 'boot-failed', reportPending: false },
    });
    expect(otaStates(events)).toEqual([
      'downloading',
      'downloaded',
      'installing',
      'rolled-back:boot-failed',
    ]);
  });

  it('with a probability of 1, any version fails to boot', async () => {
    const server = await serve();
    const { gadget } = gadgetOn(offering(offerFor(server)).reply, { faults: { failsToBoot: 1 } });
    await exchanges(gadget, 4);
    expect(gadget.status).toMatchObject({ firmware: '1.2.0', ota: { state: 'rolled-back' } });
  });

  it('goes back to the old version when the first call on the new one is refused', async () => {
    const server = await serve();
    const backend = offering(offerFor(server), (request) =>
      request.firmware === '1.3.0' ? refusal(403, 'permission-denied') : undefined,
    );
    const { gadget, ingest } = gadgetOn(backend.reply);
    await exchanges(gadget, 6);

    expect(ingest.exchanges.map(({ request }) => [request.firmware, request.ota?.state])).toEqual([
      ['1.2.0', undefined],
      ['1.2.0', 'downloaded'],
      ['1.2.0', 'installing'],
      ['1.3.0', undefined],
      ['1.2.0', 'rolled-back'],
      ['1.2.0', undefined],
    ]);
    expect(ingest.exchanges[4]?.request.ota?.error).toBe('not-confirmed');
    expect(gadget.status).toMatchObject({
      firmware: '1.2.0',
      fallbackFirmware: null,
      antiRollback: 0,
      boots: 3,
      ota: { state: 'rolled-back', error: 'not-confirmed' },
    });
  });

  it('keeps the new version on trial while calls on it only fail for now, and confirms later', async () => {
    const server = await serve();
    let down = false;
    const backend = offering(offerFor(server), () => (down ? refusal(503, 'internal') : undefined));
    const { gadget } = gadgetOn(backend.reply);
    await exchanges(gadget, 3);
    expect(gadget.status.ota.state).toBe('test-booted');
    down = true;
    await exchanges(gadget, 1);
    expect(gadget.status).toMatchObject({ firmware: '1.3.0', fallbackFirmware: '1.2.0' });
    down = false;
    await exchanges(gadget, 1);
    expect(gadget.status).toMatchObject({ firmware: '1.3.0', fallbackFirmware: null });
  });

  it('abandons a download whose offer is withdrawn: bytes dropped, nothing more said', async () => {
    const third = deferred();
    const server = await serve({ hold: (index) => (index === 2 ? third.promise : undefined) });
    const backend = offering(offerFor(server));
    const { gadget, ingest, events } = gadgetOn(backend.reply);
    await gadget.syncOnce();
    await server.received(3);
    backend.withdraw();
    await gadget.syncOnce(); // reports its progress; the answer has no offer
    expect(gadget.status.ota).toMatchObject({
      state: 'withdrawn',
      bytesHeld: 0,
      progress: null,
      reportPending: false,
    });
    third.resolve(undefined);
    await gadget.firmwareSettled();
    await exchanges(gadget, 2);

    expect(ingest.exchanges.map(({ request }) => request.ota?.state)).toEqual([
      undefined,
      'downloading',
      undefined,
      undefined,
    ]);
    expect(server.requests).toHaveLength(3);
    expect(gadget.status).toMatchObject({ firmware: '1.2.0', ota: { state: 'withdrawn' } });
    expect(otaStates(events)).toEqual(['downloading', 'withdrawn']);
  });

  it('abandons a downloaded image whose offer is withdrawn before it installs', async () => {
    const server = await serve();
    const backend = offering(offerFor(server), (_request, index) => {
      if (index === 1) backend.withdraw();
      return undefined;
    });
    const { gadget, ingest } = gadgetOn(backend.reply);
    await exchanges(gadget, 3);
    expect(ingest.exchanges.map(({ request }) => request.ota?.state)).toEqual([
      undefined,
      'downloaded',
      undefined,
    ]);
    expect(gadget.status).toMatchObject({ firmware: '1.2.0', ota: { state: 'withdrawn' } });
  });

  it('does not restart a download when answers repeat the offer, lost answers included', async () => {
    const third = deferred();
    const server = await serve({ hold: (index) => (index === 2 ? third.promise : undefined) });
    const offer = offerFor(server);
    // Every answer carries the offer; a third of them are lost and the same body goes again.
    const { gadget, ingest } = gadgetOn(() => ({ answer: { firmware: offer } }), {
      faults: { dropResponse: 0.3 },
      random: seededRandom(5),
    });
    await gadget.syncOnce();
    await server.received(3);
    await gadget.syncOnce();
    await gadget.syncOnce();
    third.resolve(undefined);
    await gadget.firmwareSettled();
    await gadget.syncOnce();
    await gadget.firmwareSettled();

    expect(ingest.exchanges.length).toBeGreaterThan(4);
    expect(server.requests.map((request) => request.range)).toEqual([
      'bytes=0-65535',
      'bytes=65536-131071',
      'bytes=131072-196607',
      'bytes=196608-262143',
      'bytes=262144-299999',
    ]);
    expect(gadget.status.ota.state).toBe('installing');
  });

  it('stops on a 404 without a report of failure, and resumes from its bytes when offered again', async () => {
    const server = await serve({ behave: (index) => (index === 2 ? { status: 404 } : 'serve') });
    const backend = offering(offerFor(server));
    const { gadget, ingest } = gadgetOn(backend.reply);
    await exchanges(gadget, 1);
    expect(gadget.status.ota).toMatchObject({ state: 'downloading', bytesHeld: 2 * CHUNK });
    await exchanges(gadget, 1); // the offer stands: on from where it stopped
    expect(gadget.status.ota.state).toBe('downloaded');
    expect(ingest.exchanges[1]?.request.ota).toEqual({
      ...UPDATE,
      state: 'downloading',
      progress: 43,
    });
    expect(server.requests.map((request) => [rangeStartOf(request.range), request.status])).toEqual(
      [
        [0, 206],
        [CHUNK, 206],
        [2 * CHUNK, 404],
        [2 * CHUNK, 206],
        [3 * CHUNK, 206],
        [4 * CHUNK, 206],
      ],
    );
  });

  it('retries a range after a 5xx with backoff, and takes a whole body when Range is ignored', async () => {
    const flaky = await serve({ behave: (index) => (index === 1 ? { status: 503 } : 'serve') });
    const first = gadgetOn(offering(offerFor(flaky)).reply);
    await exchanges(first.gadget, 1);
    expect(first.gadget.status.ota.state).toBe('downloaded');
    expect(rangeStarts(flaky)).toEqual([0, CHUNK, CHUNK, 2 * CHUNK, 3 * CHUNK, 4 * CHUNK]);

    const whole = await serve({ behave: () => 'ignore-range' });
    const second = gadgetOn(offering(offerFor(whole)).reply);
    await exchanges(second.gadget, 1);
    expect(second.gadget.status.ota.state).toBe('downloaded');
    expect(whole.requests.map((request) => request.status)).toEqual([200]);
  });

  it('in its loop, calls at once with each step instead of waiting for the next poll', async () => {
    const server = await serve();
    const backend = offering(offerFor(server), () => ({ answer: { nextPollSeconds: 3600 } }));
    const { gadget, ingest } = gadgetOn(backend.reply);
    const stop = new AbortController();
    // 3600 gadget seconds are 3.6 real ones at speed 1000: without calling early, the four
    // calls of an update would take over 10 s.
    const running = gadget.run(stop.signal);
    await vi.waitFor(
      () => {
        expect(gadget.status.ota.state).toBe('succeeded');
      },
      { timeout: 3000, interval: 20 },
    );
    stop.abort();
    await running;
    expect(ingest.exchanges.map(({ request }) => request.ota?.state ?? request.firmware)).toEqual([
      '1.2.0',
      'downloaded',
      'installing',
      '1.3.0',
    ]);
  });
});

describe('firmware updates over BLE', () => {
  const identity = testIdentity({ deviceKey: null });
  const url = 'https://firebasestorage.test/v0/b/demo/o/firmware%2Fthermo-1%2F1.3.0.bin';

  function bleGadget(options: Partial<GadgetOptions> = {}) {
    const phone = fakePhone(identity);
    const events: GadgetEvent[] = [];
    const gadget = new ReferenceGadget({
      identity,
      transport: { kind: 'ble', phone: phone.phone },
      firmwarePublicKey: keys.publicKey,
      random: seededRandom(3),
      speed: 1000,
      onEvent: (event) => events.push(event),
      ...options,
    });
    return { gadget, phone, events };
  }

  it('installs the image its phone carries; its signed reports carry the steps', async () => {
    const { gadget, phone, events } = bleGadget();
    const offer = signedOffer(image, { url, keys });
    expect(await gadget.receiveFirmware(offer, image)).toMatchObject({
      state: 'downloaded',
      progress: 100,
      reportPending: true,
    });
    // The phone hands it over again (it retried): nothing changes.
    await gadget.receiveFirmware(offer, image);
    for (let call = 0; call < 4; call++) await gadget.syncOnce();

    expect(phone.relayed.map(({ parsed }) => [parsed.firmware, parsed.ota])).toEqual([
      ['1.2.0', { ...UPDATE, state: 'downloaded' }],
      ['1.2.0', { ...UPDATE, state: 'installing' }],
      ['1.3.0', undefined],
      ['1.3.0', undefined],
    ]);
    expect(gadget.status).toMatchObject({
      firmware: '1.3.0',
      fallbackFirmware: null,
      antiRollback: 2,
      ota: { state: 'succeeded' },
    });
    expect(otaStates(events)).toEqual(['downloaded', 'installing', 'test-booted', 'succeeded']);
  });

  it('takes an update the way a phone carries it: getFirmwareOffer, its own download', async () => {
    const { gadget, phone } = bleGadget();
    const offer = signedOffer(image, { url, keys });
    const notNow = await carryFirmwareUpdate(gadget, {
      getFirmwareOffer: () => Promise.resolve({ available: false, reason: 'up-to-date' }),
      downloadImage: () => Promise.reject(new Error('Nothing to download')),
    });
    expect(notNow).toEqual({ available: false, reason: 'up-to-date' });

    const downloaded: string[] = [];
    const carried = await carryFirmwareUpdate(gadget, {
      getFirmwareOffer: () =>
        Promise.resolve(
          GetFirmwareOfferResponseSchema.parse({
            available: true,
            offer,
            notes: null,
            leaseExpiresAt: new Date(Date.now() + 600_000).toISOString(),
            transferSeconds: 134,
          }),
        ),
      downloadImage: (carriedOffer) => {
        downloaded.push(carriedOffer.url);
        return Promise.resolve(image);
      },
    });
    expect(carried).toMatchObject({ available: true, offer, status: { state: 'downloaded' } });
    expect(downloaded).toEqual([url]);
    for (let call = 0; call < 3; call++) await gadget.syncOnce();
    expect(phone.relayed.map(({ parsed }) => parsed.ota?.state ?? parsed.firmware)).toEqual([
      'downloaded',
      'installing',
      '1.3.0',
    ]);
    expect(gadget.status).toMatchObject({ firmware: '1.3.0', ota: { state: 'succeeded' } });
  });

  it('refuses an image that is not the one offered, and reports failed', async () => {
    const { gadget, phone } = bleGadget();
    const wrong = Uint8Array.from(image);
    wrong[0] = (wrong[0] ?? 0) ^ 1;
    const shorter = signedOffer(image, { url, keys, version: '1.4.0' });
    expect(await gadget.receiveFirmware(signedOffer(image, { url, keys }), wrong)).toMatchObject({
      state: 'failed',
      error: 'sha256-mismatch',
    });
    // Not before its report of the first went up: the phone must come back with it.
    expect(await gadget.receiveFirmware(shorter, image.subarray(1))).toMatchObject({
      version: '1.3.0',
      error: 'sha256-mismatch',
    });
    await gadget.syncOnce();
    expect(await gadget.receiveFirmware(shorter, image.subarray(1))).toMatchObject({
      version: '1.4.0',
      state: 'failed',
      error: 'size-mismatch',
    });
    await gadget.syncOnce();
    await gadget.syncOnce();
    expect(phone.relayed.map(({ parsed }) => parsed.ota)).toEqual([
      { ...UPDATE, state: 'failed', error: 'sha256-mismatch' },
      { ...UPDATE, version: '1.4.0', state: 'failed', error: 'size-mismatch' },
      undefined,
    ]);
    expect(gadget.status.firmware).toBe('1.2.0');
  });

  it('goes back when the relay of its first report on the new version is refused', async () => {
    let refuse = false;
    const phone = fakePhone(identity, (report) => {
      if (refuse && report.firmware === '1.3.0') {
        throw Object.assign(new Error('no'), { code: 'functions/permission-denied' });
      }
      return {};
    });
    const gadget = new ReferenceGadget({
      identity,
      transport: { kind: 'ble', phone: phone.phone },
      firmwarePublicKey: keys.publicKey,
      random: seededRandom(3),
      speed: 1000,
    });
    await gadget.receiveFirmware(signedOffer(image, { url, keys }), image);
    refuse = true;
    for (let call = 0; call < 4; call++) await gadget.syncOnce();
    expect(phone.relayed.map(({ parsed }) => [parsed.firmware, parsed.ota?.state])).toEqual([
      ['1.2.0', 'downloaded'],
      ['1.2.0', 'installing'],
      ['1.3.0', undefined],
      ['1.2.0', 'rolled-back'],
    ]);
    expect(gadget.status).toMatchObject({ firmware: '1.2.0', ota: { error: 'not-confirmed' } });
  });

  it('is for BLE gadgets: a Wi-Fi gadget downloads its own', async () => {
    const { gadget } = gadgetOn(() => OK);
    await expect(gadget.receiveFirmware(signedOffer(image, { url, keys }), image)).rejects.toThrow(
      TypeError,
    );
  });
});

function rangeStartOf(range: string | null): number {
  return Number(/^bytes=(\d+)-/.exec(range ?? '')?.[1]);
}

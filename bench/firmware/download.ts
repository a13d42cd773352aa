// A 2 MB image downloaded by the reference gadget in 64 KiB ranges with its connection cut twice,
// against the product's `firmwareDownload` on local-cloud: bytes the gadget received against the
// image's size, the requests it took, and the Firestore reads each range request costs.
import type { TestCloud } from '@gadget/local-cloud/testing';
import {
  DEFAULT_FIRMWARE_CHUNK_BYTES,
  ReferenceGadget,
  seededRandom,
} from '@gadget/reference-gadget';
import type { GadgetEvent } from '@gadget/reference-gadget';
import { INGEST_PATH } from '@gadget/shared';
import { generateGadgetKeyPair } from '../../scripts/provision/gadget-keys.ts';
import type { TestDevice } from '../../test/helpers/telemetry.ts';

/** The probability per range request that the gadget's connection drops partway. */
const CUT_PROBABILITY = 0.1;
const CUTS = 2;

export interface DownloadFigures {
  readonly size: number;
  readonly chunk: number;
  /** Body bytes the gadget read from the responses (a cut request's included). */
  readonly received: number;
  /** Bytes the gadget kept: the image once, if it never fetched a byte twice. */
  readonly kept: number;
  readonly requests: number;
  readonly cuts: number;
  readonly seed: number;
  /** Firestore operations of each range request (the download function's own). */
  readonly perRequest: readonly { readonly reads: number; readonly writes: number }[];
  /** Where the gadget's update ended (`succeeded` once installed and confirmed). */
  readonly outcome: string;
}

/**
 * The seed under which the gadget's own fault (`cutDownload`) cuts exactly `CUTS` of the image's
 * range requests, each after at least one byte. The gadget draws once when it is made (its
 * sensors' generator), then per range request once, and once more for where a cut falls; a cut
 * request is followed by one for the rest from the byte reached, so the ranges after it shift.
 * The bench checks the cuts it sees against this.
 */
function seedWithCuts(size: number, chunk: number): number {
  for (let seed = 1; ; seed++) {
    const random = seededRandom(seed);
    random();
    let at = 0;
    let cuts = 0;
    let clean = true;
    while (at < size && clean) {
      const length = Math.min(at + chunk, size) - at;
      if (random() < CUT_PROBABILITY) {
        const after = Math.floor(random() * length);
        clean = after > 0;
        at += after;
        cuts += 1;
      } else {
        at += length;
      }
    }
    if (clean && cuts === CUTS) return seed;
  }
}

/**
 * The gadget of `device` (offered the update already, running 1.2.0, holding nothing of it) calls
 * `ingest`, is offered the update again and downloads it through the cuts; then calls until it has
 * installed it and confirmed the new version. Each range request is counted on its own: pending
 * events are let finish before it, and its reads are all made before its answer's headers.
 */
export async function measureDownload(
  cloud: TestCloud,
  offered: { readonly device: TestDevice; readonly key: string },
  release: { readonly size: number; readonly publicKey: string },
): Promise<DownloadFigures> {
  const chunk = DEFAULT_FIRMWARE_CHUNK_BYTES;
  const seed = seedWithCuts(release.size, chunk);
  const perRequest: { reads: number; writes: number }[] = [];
  let received = 0;
  const counting: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!new URL(url).pathname.endsWith('/firmwareDownload')) return fetch(input, init);
    await cloud.idle();
    const before = cloud.ops();
    const response = await fetch(input, init);
    const after = cloud.ops();
    perRequest.push({ reads: after.reads - before.reads, writes: after.writes - before.writes });
    const body = response.body;
    if (body === null) return response;
    const reader: ReadableStreamDefaultReader<Uint8Array> = body.getReader();
    // Pulled only as the gadget reads, so what it reads is what is counted.
    const counted = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            return;
          }
          received += value.byteLength;
          controller.enqueue(value);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    return new Response(counted, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  const events: GadgetEvent[] = [];
  const { device, key } = offered;
  const gadget = new ReferenceGadget({
    identity: {
      serial: device.serial,
      model: 'thermo-1',
      claimCode: 'claimed',
      ...generateGadgetKeyPair(),
      deviceId: device.deviceId,
      deviceKey: key,
    },
    transport: { kind: 'wifi', ingestUrl: `${cloud.functionsUrl}${INGEST_PATH}` },
    firmwarePublicKey: release.publicKey,
    faults: { cutDownload: CUT_PROBABILITY },
    random: seededRandom(seed),
    speed: 60,
    fetch: counting,
    onEvent: (event) => events.push(event),
  });
  await gadget.syncOnce();
  await gadget.firmwareSettled();
  const ranges = events.flatMap((event) => (event.type === 'firmware-download' ? [event] : []));
  const figures = {
    size: release.size,
    chunk,
    received,
    kept: ranges.reduce((sum, event) => sum + event.bytes, 0),
    requests: ranges.length,
    cuts: ranges.filter((event) => event.code === 'cut').length,
    seed,
    perRequest: [...perRequest],
  };
  // Installed and confirmed: the image came through whole.
  for (let round = 0; round < 12; round++) {
    const { state, reportPending } = gadget.status.ota;
    if (['succeeded', 'failed', 'rolled-back', 'withdrawn'].includes(state) && !reportPending) {
      break;
    }
    await gadget.syncOnce();
    await gadget.firmwareSettled();
  }
  return { ...figures, outcome: `${gadget.status.ota.state} (${gadget.status.firmware})` };
}

import { ReferenceGadget, seededRandom } from '../src/index.ts';
import type { GadgetEvent, GadgetOptions } from '../src/index.ts';
import { fakeIngest } from './fake-ingest.ts';
import type { IngestReply, ParsedIngestRequest } from './fake-ingest.ts';
import { testIdentity } from './identity.ts';

/**
 * A Wi-Fi gadget on a fake ingest, with the events it emits; speed 1000 turns its seconds of
 * backoff into milliseconds. `options` override any default (a test's seed, identity or speed).
 */
export function wifiGadget(
  reply: (request: ParsedIngestRequest, index: number) => IngestReply,
  options: Partial<GadgetOptions> = {},
) {
  const ingest = fakeIngest(reply);
  const events: GadgetEvent[] = [];
  const gadget = new ReferenceGadget({
    identity: testIdentity(),
    transport: { kind: 'wifi', ingestUrl: 'http://ingest.test/ingest' },
    fetch: ingest.fetch,
    random: seededRandom(1),
    speed: 1000,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { gadget, ingest, events };
}

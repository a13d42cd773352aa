// A reference gadget claimed in a test cloud and talking to its ingest over Wi-Fi, recording what
// it does: for the tests that drive the backend with the gadget's own protocol code.
import { ReferenceGadget } from '@gadget/reference-gadget';
import type { GadgetEvent, GadgetOptions } from '@gadget/reference-gadget';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { INGEST_PATH } from '@gadget/shared';
import { generateGadgetKeyPair } from '../../scripts/provision/gadget-keys.ts';
import { claimedDevice } from './devices.ts';
import { rotateKey } from './telemetry.ts';

export interface CloudGadget {
  readonly deviceId: string;
  readonly gadget: ReferenceGadget;
  /** Everything the gadget reported doing, in order. */
  readonly events: GadgetEvent[];
}

/**
 * A thermo-1 claimed by `ownerUid` with a fresh device key, as a Wi-Fi reference gadget on the
 * cloud's ingest. Its backoff runs on gadget time, 60× by default: its seconds are tens of
 * milliseconds. `options` (faults, random, firmware key…) go to the gadget as they are.
 */
export async function cloudWifiGadget(
  cloud: TestCloud,
  ownerUid: string,
  options: Partial<Omit<GadgetOptions, 'identity' | 'transport' | 'onEvent'>> = {},
): Promise<CloudGadget> {
  const { serial, code, deviceId } = await claimedDevice(cloud, ownerUid);
  const deviceKey = await rotateKey(cloud, { deviceId, serial, ownerUid });
  const events: GadgetEvent[] = [];
  const gadget = new ReferenceGadget({
    identity: {
      serial,
      model: 'thermo-1',
      claimCode: code,
      ...generateGadgetKeyPair(),
      deviceId,
      deviceKey,
    },
    transport: { kind: 'wifi', ingestUrl: `${cloud.functionsUrl}${INGEST_PATH}` },
    speed: 60,
    ...options,
    onEvent: (event) => events.push(event),
  });
  return { deviceId, gadget, events };
}

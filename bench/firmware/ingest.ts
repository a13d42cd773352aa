// What firmware updates add to a gadget's `ingest` call, counted by local-cloud's op counters with
// the model's rollout cached as deployed (MODEL_CACHE_SECONDS' default, a warm-up call first): a
// model with no rollout and a gadget outside the current stage must cost exactly the plain call;
// the first offer, a repeated offer and a progress report cost what gadget-ota.ts says they read
// and write.
import type { TestCloud } from '@gadget/local-cloud/testing';
import { docPaths, IngestResponseSchema } from '@gadget/shared';
import type { IngestResponse } from '@gadget/shared';
import { rolloutBucket } from '../../functions/src/services/firmware/membership.ts';
import { seedRollout } from '../../test/helpers/firmware.ts';
import {
  deviceAuthorization,
  postIngest,
  quietBatch,
  rotateKey,
  telemetryDevice,
} from '../../test/helpers/telemetry.ts';
import type { TestDevice } from '../../test/helpers/telemetry.ts';

export interface Ops {
  readonly reads: number;
  readonly writes: number;
}

export interface IngestFigures {
  readonly rolloutId: string;
  readonly stagePercent: number;
  readonly plain: Ops;
  readonly noRollout: Ops;
  readonly outsideStage: Ops;
  readonly firstOffer: Ops;
  readonly repeatedOffer: Ops;
  readonly report: Ops;
  /** The gadget offered the update in the first offer, with its key: the download's gadget. */
  readonly offered: { readonly device: TestDevice; readonly key: string };
}

/** The first stage of the rollout: one gadget in 10,000. */
const STAGE_PERCENT = 0.01;
const RUNNING = '1.2.0';
const SYNC = { knownDesiredVersion: 0, appliedDesiredVersion: 0 };

/**
 * A rollout id whose 0.01 % first stage takes `inside` and not `outside`: membership is a hash of
 * the rollout and the device (membership.ts), so an id is found in ~10,000 tries.
 */
function rolloutIdFor(inside: string, outside: string): string {
  for (let n = 0; ; n++) {
    const id = `bench-${String(n)}`;
    if (rolloutBucket(id, inside) === 0 && rolloutBucket(id, outside) !== 0) return id;
  }
}

interface Claimed {
  readonly device: TestDevice;
  readonly key: string;
}

async function claimed(cloud: TestCloud, owner: string, model: 'thermo-1' | 'air-1') {
  const device = await telemetryDevice(cloud, owner, model);
  return { device, key: await rotateKey(cloud, device) };
}

async function post(cloud: TestCloud, { device, key }: Claimed, body: Record<string, unknown>) {
  const answer = await postIngest(cloud, {
    authorization: deviceAuthorization(device.deviceId, key),
    body,
  });
  if (answer.status !== 200) {
    throw new Error(`ingest answered ${String(answer.status)}: ${JSON.stringify(answer.body)}`);
  }
  return IngestResponseSchema.parse(answer.body);
}

/**
 * One call's Firestore operations: its own, with event delivery held back while they are read so
 * the triggers its writes cause (the device's and the update's, their own flows) do not mix in.
 */
async function counted(
  cloud: TestCloud,
  call: () => Promise<IngestResponse>,
): Promise<{ ops: Ops; answer: IngestResponse }> {
  await cloud.idle();
  cloud.cloud.configureDelivery({ delayMs: 1_000 });
  cloud.resetOps();
  const answer = await call();
  const { reads, writes } = cloud.ops();
  await cloud.idle();
  cloud.cloud.configureDelivery({ delayMs: 0 });
  return { ops: { reads, writes }, answer };
}

/**
 * Three claimed gadgets: `plain` of air-1, a model with no rollout; `outside` and `inside` of
 * thermo-1, whose release `version` is rolled out to a 0.01 % first stage that takes `inside`
 * only. Each gadget calls once before the count (the rollout cache is then warm, as it is for all
 * but an instance's first minute), and every counted call carries 10 readings.
 */
export async function measureIngest(cloud: TestCloud, version: string): Promise<IngestFigures> {
  const plain = await claimed(cloud, 'owner-air', 'air-1');
  const outside = await claimed(cloud, 'owner-outside', 'thermo-1');
  const inside = await claimed(cloud, 'owner-inside', 'thermo-1');
  const rolloutId = rolloutIdFor(inside.device.deviceId, outside.device.deviceId);
  await seedRollout(cloud, { id: rolloutId, version, stages: [STAGE_PERCENT, 100] });

  // The warm-up calls: each model's rollout into the cache, and the firmware each gadget runs onto
  // its device. The gadget inside the stage would be offered the update by such a call once its
  // device knows its firmware, so it calls without, and its device is then given the version its
  // calls before the rollout would have left.
  await post(cloud, plain, { sync: SYNC, firmware: RUNNING });
  await post(cloud, outside, { sync: SYNC, firmware: RUNNING });
  const warmUp = await post(cloud, inside, { sync: SYNC });
  if (warmUp.firmware !== undefined) throw new Error('the warm-up call was offered the update');
  await cloud.firestore
    .doc(docPaths.device(inside.device.deviceId))
    .update({ 'status.firmware': { version: RUNNING } });

  const call = (who: Claimed, label: string, extra: Record<string, unknown> = {}) =>
    counted(cloud, () => post(cloud, who, { readings: quietBatch(label, 10).readings, ...extra }));
  const gadgetSays = { sync: SYNC, firmware: RUNNING };

  const plainCall = await call(plain, 'plain');
  const noRollout = await call(plain, 'no-rollout', gadgetSays);
  const outsideStage = await call(outside, 'outside', gadgetSays);
  const firstOffer = await call(inside, 'first-offer', gadgetSays);
  const repeatedOffer = await call(inside, 'repeated-offer', gadgetSays);
  const offer = firstOffer.answer.firmware;
  if (offer === undefined || repeatedOffer.answer.firmware?.sha256 !== offer.sha256) {
    throw new Error('the gadget inside the stage was not offered the update twice');
  }
  if (noRollout.answer.firmware !== undefined || outsideStage.answer.firmware !== undefined) {
    throw new Error('a gadget without a rollout, or outside its stage, was offered an update');
  }
  const report = await call(inside, 'report', {
    ...gadgetSays,
    ota: { rolloutId, version, state: 'downloading', progress: 3 },
  });
  return {
    rolloutId,
    stagePercent: STAGE_PERCENT,
    plain: plainCall.ops,
    noRollout: noRollout.ops,
    outsideStage: outsideStage.ops,
    firstOffer: firstOffer.ops,
    repeatedOffer: repeatedOffer.ops,
    report: report.ops,
    offered: inside,
  };
}

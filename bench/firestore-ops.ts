// `npm run bench:ops`: the Firestore operations each metered flow bills, counted by local-cloud's op
// counters (billing rules: a point read or a query result is a read, an empty query one read)
// against the project's functions, with the budgets of docs/ARCHITECTURE.md:
// - every callable but ensureProfile and submitReadings (which read it once, with their own
//   documents): 2 reads of the account's deletion tombstone, before and after its work;
// - submitReadings: N readings over H hours ≤ 1 + H + 1 reads (the account's tombstone read with
//   the device) and ≤ 1 + H writes, its per-device limit counted on the device;
// - ingest: the same submission behind its gate, the device's key document (1 read; none once the
//   instance has checked the key, the steady state measured here); its per-device limit is counted
//   on the device the submission writes anyway;
// - deviceWatchdog: reads only the devices it turns offline (one read when none), plus the
//   overdue-commands query (one read when none);
// - the settings channel: ingest with nothing pending exactly as before the channel, with a delta
//   and two commands 3 reads and 2 writes more; setDeviceSettings 2 + 2; sendCommand 2 + 3;
// - getReadingHistory over 24 h of one reading a minute: raw, 5m and 1h ≤ one read per hour
//   covered plus the membership read; 1d ≤ one per day covered plus 2 (membership, profile).
// The integration tests assert the same counts; this prints them for a range of sizes.
import type { TestCloud } from '@gadget/local-cloud/testing';
import {
  submitBacklog,
  deviceAuthorization,
  postIngest,
  quietBatch,
  reading,
  rotateKey,
  startTelemetryCloud,
  submitBatch,
  telemetryDevice,
  temperatureHistory,
} from '../test/helpers/telemetry.ts';
import type { TestDevice } from '../test/helpers/telemetry.ts';
import { recordBudgets } from './summary.ts';
import type { BudgetRow } from './summary.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const rows: BudgetRow[] = [];

/**
 * The ingest endpoint's gate in front of the submission: the key document, read on an instance's
 * first request with that key only. The per-device limit is counted on the device the submission
 * writes anyway.
 */
const INGEST_GATE = { reads: 1, writes: 0 };
/** Every callable reads the account's deletion tombstone before and after its work. */
const ACCOUNT_CHECK_READS = 2;
/**
 * submitReadings' account check, folded into its transaction: the tombstone, read with the device
 * (whose write counts the per-device limit too).
 */
const SUBMIT_GATE = { reads: 1, writes: 0 };

function ingestionRow(
  flow: string,
  n: number,
  hours: number,
  cloud: TestCloud,
  gate = { reads: 0, writes: 0 },
): void {
  const { reads, writes } = cloud.ops();
  const readBudget = 1 + hours + gate.reads;
  const writeBudget = 1 + hours + gate.writes;
  console.log(
    `  ${flow.padEnd(15)} N=${String(n).padEnd(4)} H=${String(hours)}  reads ${String(reads).padStart(4)} ` +
      `(≤ ${String(readBudget)})  writes ${String(writes).padStart(4)} (≤ ${String(writeBudget)})`,
  );
  rows.push({
    bench: 'ops',
    figure: `${flow}, ${String(n)} readings over ${String(hours)} h`,
    measured: `${String(reads)} reads, ${String(writes)} writes`,
    budget: `≤ ${String(readBudget)} reads, ≤ ${String(writeBudget)} writes`,
    ok: reads <= readBudget && writes <= writeBudget,
  });
}

async function submitReadings(cloud: TestCloud, device: TestDevice, n: number): Promise<void> {
  const { readings, hours } = quietBatch(`s${String(n)}`, n);
  cloud.resetOps();
  await submitBatch(cloud, device, readings);
  ingestionRow('submitReadings', n, hours, cloud, SUBMIT_GATE);
}

async function ingest(cloud: TestCloud, device: TestDevice, key: string, n: number): Promise<void> {
  const { readings, hours } = quietBatch(`i${String(n)}`, n);
  cloud.resetOps();
  const answer = await postIngest(cloud, {
    authorization: deviceAuthorization(device.deviceId, key),
    body: { readings },
  });
  if (answer.status !== 200) throw new Error(`ingest answered ${String(answer.status)}`);
  ingestionRow('ingest', n, hours, cloud, INGEST_GATE);
}

/** `total` devices that reported a minute ago; 16 minutes later `silent` of them have not again. */
async function watchdog(cloud: TestCloud, total: number, silent: number): Promise<void> {
  await cloud.reset();
  const devices: TestDevice[] = [];
  for (let i = 0; i < total; i++) {
    const device = await telemetryDevice(cloud, `owner-${String(i)}`);
    await submitBatch(cloud, device, [reading('r', 1, { temperature: 20 })]);
    devices.push(device);
  }
  const later = Date.now() + 16 * MINUTE;
  for (const device of devices.slice(silent)) {
    await cloud.firestore
      .doc(`devices/${device.deviceId}`)
      .update({ 'status.lastSeenAt': new Date(later - MINUTE) });
  }
  await cloud.idle();
  // The offline pushes the run causes are delivered after the count is taken: they are the
  // notification flow's cost, not the watchdog's.
  cloud.cloud.configureDelivery({ delayMs: 1_000 });
  cloud.resetOps();
  await cloud.runSchedule('deviceWatchdog', new Date(later));
  const { reads, writes } = cloud.ops();
  await cloud.idle();
  cloud.cloud.configureDelivery({ delayMs: 0 });
  // Its two queries (each billed one read when empty): silent devices, and overdue commands.
  const readBudget = Math.max(1, silent) + 1;
  console.log(
    `  deviceWatchdog  ${String(total)} devices, ${String(silent)} silent  reads ${String(reads).padStart(4)} ` +
      `(≤ ${String(readBudget)})  writes ${String(writes).padStart(4)}`,
  );
  rows.push({
    bench: 'ops',
    figure: `deviceWatchdog, ${String(silent)} of ${String(total)} devices silent`,
    measured: `${String(reads)} reads, ${String(writes)} writes`,
    budget: `≤ ${String(readBudget)} reads`,
    ok: reads <= readBudget,
  });
}

/** One row of the settings channel's flows, against its exact budget. */
function controlRow(flow: string, cloud: TestCloud, budget: { reads: number; writes: number }) {
  const { reads, writes } = cloud.ops();
  console.log(
    `  ${flow.padEnd(44)} reads ${String(reads).padStart(4)} (= ${String(budget.reads)})  ` +
      `writes ${String(writes).padStart(4)} (= ${String(budget.writes)})`,
  );
  rows.push({
    bench: 'ops',
    figure: flow,
    measured: `${String(reads)} reads, ${String(writes)} writes`,
    budget: `${String(budget.reads)} reads, ${String(budget.writes)} writes`,
    ok: reads === budget.reads && writes === budget.writes,
  });
}

/**
 * The settings channel: an ingest of 10 readings with nothing pending costs exactly what it cost
 * before the channel (the same readings without `sync`, measured beside it); one that receives a
 * delta and two commands adds the desired document, the query's two results and the two commands
 * marked sent; setDeviceSettings and sendCommand, each beside the account check.
 */
async function control(cloud: TestCloud): Promise<void> {
  await cloud.reset();
  const device = await telemetryDevice(cloud);
  const key = await rotateKey(cloud, device);
  const post = async (body: Record<string, unknown>) => {
    const answer = await postIngest(cloud, {
      authorization: deviceAuthorization(device.deviceId, key),
      body,
    });
    if (answer.status !== 200) throw new Error(`ingest answered ${String(answer.status)}`);
  };
  const sync = { knownDesiredVersion: 0, appliedDesiredVersion: 0 };
  await post({ sync });
  await cloud.idle();
  cloud.resetOps();
  await post({ readings: quietBatch('plain', 10).readings });
  const before = cloud.ops();
  controlRow('ingest, 10 readings, before the channel', cloud, before);
  cloud.resetOps();
  await post({ readings: quietBatch('steady', 10).readings, sync });
  controlRow('ingest, 10 readings + sync, nothing pending', cloud, before);

  cloud.resetOps();
  await cloud.call(
    'setDeviceSettings',
    { deviceId: device.deviceId, values: { screenBrightness: 40 } },
    { uid: device.ownerUid },
  );
  controlRow('setDeviceSettings', cloud, { reads: ACCOUNT_CHECK_READS + 2, writes: 2 });
  for (const command of ['identify', 'reboot']) {
    await cloud.idle();
    cloud.resetOps();
    await cloud.call(
      'sendCommand',
      { deviceId: device.deviceId, command },
      { uid: device.ownerUid },
    );
    controlRow(`sendCommand (${command})`, cloud, { reads: ACCOUNT_CHECK_READS + 2, writes: 3 });
  }
  await cloud.idle();
  cloud.resetOps();
  await post({ readings: quietBatch('delta', 10).readings, sync });
  controlRow('ingest, 10 readings + a delta and 2 commands', cloud, {
    reads: before.reads + 3,
    writes: before.writes + 2,
  });
}

/** A 24 h chart of one reading a minute (1,440 readings) in each bucket. */
async function charts(cloud: TestCloud): Promise<void> {
  await cloud.reset();
  const device = await telemetryDevice(cloud);
  await cloud.call('ensureProfile', { locale: 'en-GB', timeZone: 'UTC' }, { uid: device.ownerUid });
  const to = Math.floor(Date.now() / HOUR) * HOUR;
  const from = to - 24 * HOUR;
  const readings = Array.from({ length: 24 * 60 }, (_, i) =>
    reading(`c-${String(i)}`, 0, { temperature: 20 + (i % 7) }, from + i * MINUTE),
  );
  await submitBacklog(cloud, device, readings);
  for (const [bucket, covered, extra] of [
    ['raw', 24, 1],
    ['5m', 24, 1],
    ['1h', 24, 1],
    ['1d', 1, 2],
  ] as const) {
    cloud.resetOps();
    await temperatureHistory(cloud, device, bucket, from, to);
    const { reads, writes } = cloud.ops();
    // The account check, and the per-user rate limit (1 read, 1 write).
    const readBudget = covered + extra + ACCOUNT_CHECK_READS + 1;
    console.log(
      `  history ${bucket.padEnd(4)} 24 h, 1,440 readings  reads ${String(reads).padStart(4)} ` +
        `(≤ ${String(readBudget)})  writes ${String(writes).padStart(4)}`,
    );
    rows.push({
      bench: 'ops',
      figure: `getReadingHistory ${bucket}, 24 h of 1,440 readings`,
      measured: `${String(reads)} reads, ${String(writes)} writes`,
      budget: `≤ ${String(readBudget)} reads`,
      ok: reads <= readBudget && writes <= 1,
    });
  }
}

const cloud = await startTelemetryCloud({ INGEST_RATE_LIMIT_PER_MINUTE: '100000' });
try {
  console.log('Firestore operations per flow, counted by local-cloud with billing rules');
  console.log('');
  const device = await telemetryDevice(cloud);
  for (const n of [1, 100, 500]) await submitReadings(cloud, device, n);
  const key = await rotateKey(cloud, device);
  // A first call reads the model's rollout into the instance's cache (a minute) and checks the key
  // once: steady state is what follows.
  await postIngest(cloud, {
    authorization: deviceAuthorization(device.deviceId, key),
    body: { firmware: '1.2.0' },
  });
  for (const n of [1, 100]) await ingest(cloud, device, key, n);
  await watchdog(cloud, 10, 0);
  await watchdog(cloud, 10, 3);
  await charts(cloud);
  await control(cloud);
} finally {
  await cloud.stop();
}
recordBudgets(rows);
if (rows.some((row) => row.ok === false)) process.exitCode = 1;

// `npm run fleet -- --gadgets 200 --model air-1 --interval 60 [--duration SECONDS] [--faults 5%]
// [--firmware-key BASE64] [--fails-to-boot 25%]`: virtual gadgets (the reference gadget) against
// npm start or any backend, taking the firmware updates a rollout offers. See --help.
import { fileURLToPath } from 'node:url';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { exitWithUsageError } from './cli/usage-error.ts';
import { LOCAL_HOST, localPorts, useLocalEmulators } from './local-emulators.ts';
import { signInApp } from './fleet/app-session.ts';
import { FLEET_HELP, parseFleetCommand, UsageError } from './fleet/cli-options.ts';
import type { FleetCommand } from './fleet/cli-options.ts';
import { enlistGadgets } from './fleet/enlist.ts';
import { otaCounts, summaryLines, ProgressDisplay } from './fleet/progress.ts';
import { seededRandom } from '@gadget/reference-gadget';
import { runFleet } from './fleet/run-fleet.ts';
import { checkFleet, checkOta } from './fleet/verify.ts';
import { VirtualDevicesReport, virtualDevicesUrl } from './fleet/virtual-devices.ts';
import { localClaimCodeSecret } from './start/seed-local-cloud.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

let command: FleetCommand | 'help';
try {
  command = parseFleetCommand(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'fleet');
}
if (command === 'help') {
  process.stdout.write(FLEET_HELP);
  process.exit(0);
}

useLocalEmulators();
const ports = localPorts();
const functionsUrl =
  command.functionsUrl ??
  `http://${LOCAL_HOST}:${String(ports.functions)}/${command.projectId}/us-central1`;
const admin = initializeApp({ projectId: command.projectId }, 'fleet');
const firestore = getFirestore(admin);
const app = await signInApp({
  projectId: command.projectId,
  authEmulator: process.env.FIREBASE_AUTH_EMULATOR_HOST ?? `${LOCAL_HOST}:${String(ports.auth)}`,
  functionsUrl,
  email: command.email,
  password: command.password,
});

// Ctrl-C (or --duration) ends the run; the gadgets then send what they hold. A second Ctrl-C quits.
const stop = new AbortController();
// The live summary, once the gadgets run; until then lines go straight out.
const display = new ProgressDisplay(process.stdout);
process.once('SIGINT', () => {
  // Above the summary, so its next redraw does not wipe the line out.
  display.note('Stopping: the gadgets send what they hold…');
  stop.abort();
  process.once('SIGINT', () => process.exit(130));
});
if (command.durationSeconds !== undefined) {
  setTimeout(() => {
    stop.abort();
  }, command.durationSeconds * 1000).unref();
}

try {
  const random = seededRandom(command.seed ?? Date.now());
  process.stdout.write(
    `Enlisting ${String(command.gadgets)} ${command.model} gadget(s) for ${command.email}…\n`,
  );
  const gadgets = await enlistGadgets(firestore, app, {
    model: command.model,
    count: command.gadgets,
    bleCount: Math.round(command.gadgets * command.bleShare),
    intervalSeconds: command.intervalSeconds,
    claimCodeSecret:
      process.env.CLAIM_CODE_SECRET ?? localClaimCodeSecret(`${ROOT}functions`, command.projectId),
  });
  const devicesUrl = virtualDevicesUrl(command.functionsUrl, ports);
  const devices =
    devicesUrl === undefined
      ? undefined
      : new VirtualDevicesReport(devicesUrl, (line) => {
          display.note(line);
        });
  const run = await runFleet({
    gadgets,
    app,
    ingestUrl: `${functionsUrl}/ingest`,
    intervalSeconds: command.intervalSeconds,
    speed: command.speed,
    faultRate: command.faultRate,
    skewSeconds: command.skewSeconds,
    firmwarePublicKey: command.firmwarePublicKey,
    failsToBootShare: command.failsToBootShare,
    random,
    signal: stop.signal,
    onTick: (stats) => {
      display.draw(summaryLines(stats.snapshot(Date.now()), command.gadgets), Date.now());
    },
    onGadgets:
      devices === undefined
        ? undefined
        : (fleet) => {
            devices.report(fleet);
          },
  });
  await devices?.settled();
  const check = await checkFleet(firestore, run.generated);
  const ota = otaCounts(
    await checkOta(
      firestore,
      gadgets.map((gadget) => gadget.deviceId),
    ),
  );
  const final = run.stats.snapshot(Date.now());
  process.stdout.write(
    [
      ...summaryLines(final, command.gadgets),
      `  checked in the backend: ${String(check.stored)} readings stored, settings pending on ${String(check.settingsPending)} gadget(s), ${String(check.commandsUnfinished)} command(s) unfinished`,
      ...(ota === '' ? [] : [`  firmware updates in the backend: ${ota}`]),
      `fleet: ${String(command.gadgets)} gadgets, ${String(check.stored)} readings accepted, ${String(check.lost)} lost, ${String(check.duplicated)} duplicated`,
      '',
    ].join('\n'),
  );
  if (check.lost > 0 || check.duplicated > 0) process.exitCode = 1;
} finally {
  await app.close();
  await deleteApp(admin);
}

// The reference gadget against local-cloud's ingest: a Wi-Fi gadget whose answers are lost 30 % of
// the time, while its owner changes settings and sends commands, ends with every setting applied,
// every command answered and every reading stored exactly once.
import { expect, it } from 'vitest';
import { seededRandom } from '@gadget/reference-gadget';
import { FINAL_COMMAND_STATUSES } from '@gadget/shared';
import type { CommandStatus } from '@gadget/shared';
import { sharedCloud } from '../helpers/product-cloud.ts';
import { cloudWifiGadget } from '../helpers/cloud-gadgets.ts';
import { hourDocs, startTelemetryCloud } from '../helpers/telemetry.ts';
import { commandDocs, controlDocs, sendCommand, setSettings } from '../helpers/control.ts';

const cloud = sharedCloud(() => startTelemetryCloud());
const OWNER = 'owner';

it('a gadget losing 30 % of its answers keeps settings, commands and readings in step', async () => {
  const { deviceId, gadget, events } = await cloudWifiGadget(cloud, OWNER, {
    faults: { dropResponse: 0.3 },
    random: seededRandom(2026),
  });

  // What the owner does between the gadget's calls, by round.
  const sent: string[] = [];
  const command = async (name: string, params: Record<string, string | number> = {}) => {
    sent.push(await sendCommand(cloud, { deviceId, command: name, params }, OWNER));
  };
  const actions: Record<number, () => Promise<unknown>> = {
    0: () => command('identify', { durationSeconds: 3 }),
    1: () => setSettings(cloud, deviceId, { screenBrightness: 40 }, OWNER),
    2: () => command('calibrate', { metric: 'humidity' }),
    3: () => setSettings(cloud, deviceId, { displayUnit: 'F' }, OWNER),
    4: () => command('reboot'),
    5: () => setSettings(cloud, deviceId, { reportIntervalSeconds: 300 }, OWNER),
    6: async () => {
      gadget.changeSettingLocally('screenBrightness', 55);
      await command('identify');
    },
    8: () => setSettings(cloud, deviceId, { screenBrightness: 90 }, OWNER),
    9: () => command('calibrate', { metric: 'temperature' }),
  };
  for (let round = 0; round < 10; round++) {
    await actions[round]?.();
    gadget.sample();
    await gadget.syncOnce();
  }
  // What the owner did last reaches the gadget in the last answer; the gadget says it applied it
  // and answers the commands in the calls that follow.
  await gadget.flush();
  await gadget.syncOnce();
  await gadget.syncOnce();

  const { control, desired, reported } = await controlDocs(cloud, deviceId);
  const desiredValues = { screenBrightness: 90, displayUnit: 'F', reportIntervalSeconds: 300 };
  expect(desired).toMatchObject({ values: desiredValues });
  const version = (desired as { version: number }).version;
  expect(control).toMatchObject({
    desiredVersion: version,
    appliedVersion: version,
    pendingKeys: [],
    refusedKeys: {},
    pendingCommands: 0,
  });
  expect(reported).toMatchObject({ appliedDesiredVersion: version, values: desiredValues });
  expect(gadget.status).toMatchObject({
    appliedDesiredVersion: version,
    settings: desiredValues,
    nextPollSeconds: 300,
  });

  const commands = await commandDocs(cloud, deviceId);
  expect(Object.keys(commands).sort()).toEqual([...sent].sort());
  for (const [commandId, stored] of Object.entries(commands)) {
    expect(FINAL_COMMAND_STATUSES, commandId).toContain(stored.status as CommandStatus);
    expect(stored.status, commandId).toBe('succeeded');
  }
  expect(gadget.status.commandsRun.map((run) => run.commandId)).toEqual(sent);
  expect(gadget.status.boots).toBe(2);

  const storedIds = Object.values(await hourDocs(cloud, deviceId)).flatMap(
    (hour) => hour.ids as string[],
  );
  const { generatedIds } = gadget.status;
  expect(generatedIds).toHaveLength(10);
  expect(new Set(storedIds).size).toBe(storedIds.length);
  expect([...storedIds].sort()).toEqual([...generatedIds].sort());
  expect(gadget.status.bufferedIds).toEqual([]);

  // The faults did strike: answers were lost, and the resent readings came back as duplicates.
  const requests = events.filter((event) => event.type === 'request');
  expect(requests.filter((event) => event.code === 'dropped').length).toBeGreaterThan(0);
  expect(requests.every((event) => event.status === 200 || event.code === 'dropped')).toBe(true);
  const duplicates = events.reduce(
    (sum, event) => sum + (event.type === 'readings' ? event.duplicates : 0),
    0,
  );
  expect(duplicates).toBeGreaterThan(0);
});

// The fleet's own arithmetic and command line: percentiles, rates, pending settings, refusals,
// firmware updates counted by state, which gadgets fail to boot, and every option's bounds.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OtaPhase } from '@gadget/reference-gadget';
import { FLEET_HELP, MAX_GADGETS, parseFleetCommand, UsageError } from './cli-options.ts';
import { otaCounts, otaLine, summaryLines } from './progress.ts';
import { failsToBootAt } from './run-fleet.ts';
import { FleetStats, percentile } from './stats.ts';

/** A command line that is a run, not 'help'. */
function runOf(argv: readonly string[], env: Record<string, string> = {}) {
  const command = parseFleetCommand(argv, env);
  if (command === 'help') throw new Error('expected a run');
  return command;
}

/** A release public key as npm run firmware:keygen prints it: raw 32 bytes, standard base64. */
function releaseKey(): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  return Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64');
}

describe('FleetStats', () => {
  it('counts requests, refusals, latency percentiles and the recent rate', () => {
    const stats = new FleetStats(0);
    for (let i = 1; i <= 100; i++) stats.request(i * 100, 200, undefined, i);
    stats.request(10_050, 429, 'resource-exhausted', 5);
    stats.request(10_060, 0, undefined, 3000);
    stats.refused('app resource-exhausted');
    const snapshot = stats.snapshot(10_100);
    expect(snapshot.requests).toBe(102);
    expect(snapshot.p50Ms).toBe(50);
    expect(snapshot.p99Ms).toBe(100);
    expect(snapshot.refusals).toEqual({
      '429 resource-exhausted': 1,
      fault: 1,
      'app resource-exhausted': 1,
    });
    // The last 5 s: requests 51..100 and the two refusals.
    expect(snapshot.requestsPerSecond).toBeCloseTo(52 / 5);
  });

  it('a gadget is pending until it applies the newest version the app set', () => {
    const stats = new FleetStats(0);
    stats.settingSet('a', 2);
    stats.settingSet('b', 1);
    stats.settingsApplied('b', 1);
    stats.settingsApplied('a', 1);
    expect(stats.snapshot(1).settingsPending).toBe(1);
    stats.settingsApplied('a', 3);
    expect(stats.snapshot(1).settingsPending).toBe(0);
    expect(summaryLines(stats.snapshot(1), 2).join('\n')).toContain('pending on 0 gadget(s)');
  });

  it('counts the gadgets’ update states in order, what they run, and the bytes downloaded', () => {
    const stats = new FleetStats(0);
    const gadget = (firmware: string, state: OtaPhase) => ({ firmware, ota: { state } });
    stats.gadgets([gadget('1.2.0', 'idle'), gadget('1.2.0', 'idle')]);
    expect(stats.snapshot(1).ota).toEqual({});
    // No update yet: no OTA line.
    expect(summaryLines(stats.snapshot(1), 2).join('\n')).not.toContain('ota:');

    stats.firmwareDownload(206, undefined, 65_536);
    stats.firmwareDownload(206, 'cut', 1_000);
    stats.firmwareDownload(0, 'timeout', 0);
    stats.firmwareDownload(404, undefined, 0);
    stats.firmwareCarried(40_000);
    stats.gadgets([
      gadget('1.4.0', 'succeeded'),
      gadget('1.2.0', 'rolled-back'),
      gadget('1.2.0', 'downloading'),
      gadget('1.4.0', 'succeeded'),
      gadget('1.2.0', 'idle'),
      gadget('1.10.0', 'test-booted'),
    ]);
    const snapshot = stats.snapshot(1);
    expect(Object.entries(snapshot.ota)).toEqual([
      ['downloading', 1],
      ['test-booted', 1],
      ['succeeded', 2],
      ['rolled-back', 1],
    ]);
    // Newest version first, by version order rather than text.
    expect(Object.entries(snapshot.firmware)).toEqual([
      ['1.10.0', 1],
      ['1.4.0', 2],
      ['1.2.0', 3],
    ]);
    expect(snapshot).toMatchObject({
      firmwareBytes: 106_536,
      firmwareCuts: 1,
      firmwareCarried: 1,
      refusals: { 'firmware timeout': 1, 'firmware 404': 1 },
    });
    expect(otaLine(snapshot)).toBe(
      '  ota: 1 downloading, 1 test-booted, 2 succeeded, 1 rolled-back · running 1 on 1.10.0, 2 on 1.4.0, 3 on 1.2.0 · 0.1 MB downloaded, 1 cut, 1 carried over BLE',
    );
    const lines = summaryLines(snapshot, 6);
    expect(lines.at(-1)).toBe(otaLine(snapshot));
  });

  it('lists the backend’s update states as the final summary shows them', () => {
    expect(otaCounts({ succeeded: 7, 'rolled-back': 3 })).toBe('7 succeeded, 3 rolled-back');
    expect(otaCounts({})).toBe('');
  });

  it('percentile is nearest-rank and null when empty', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.99)).toBe(4);
  });
});

describe('parseFleetCommand', () => {
  it('takes the README’s command line', () => {
    expect(
      parseFleetCommand(
        ['--gadgets', '200', '--model', 'air-1', '--interval', '60', '--faults', '5%'],
        {},
      ),
    ).toMatchObject({ gadgets: 200, model: 'air-1', intervalSeconds: 60, faultRate: 0.05 });
    expect(parseFleetCommand(['--help'])).toBe('help');
  });

  it('takes the release key from --firmware-key, else FIRMWARE_PUBLIC_KEY, else none', () => {
    const key = releaseKey();
    const other = releaseKey();
    expect(parseFleetCommand([], {})).toMatchObject({
      firmwarePublicKey: undefined,
      failsToBootShare: 0,
    });
    expect(runOf(['--firmware-key', key], {}).firmwarePublicKey).toBe(key);
    expect(runOf([], { FIRMWARE_PUBLIC_KEY: key }).firmwarePublicKey).toBe(key);
    expect(runOf([], { FIRMWARE_PUBLIC_KEY: '' }).firmwarePublicKey).toBeUndefined();
    // The flag wins over the environment.
    expect(runOf(['--firmware-key', other], { FIRMWARE_PUBLIC_KEY: key }).firmwarePublicKey).toBe(
      other,
    );
    expect(() => parseFleetCommand([], { FIRMWARE_PUBLIC_KEY: 'not-a-key' })).toThrow(
      /FIRMWARE_PUBLIC_KEY must be a raw 32-byte Ed25519 public key/,
    );
  });

  it('--fails-to-boot and --faults as shares', () => {
    expect(parseFleetCommand(['--fails-to-boot', '25%', '--faults', '5%'], {})).toMatchObject({
      failsToBootShare: 0.25,
      faultRate: 0.05,
    });
    expect(runOf(['--fails-to-boot', '100'], {}).failsToBootShare).toBe(1);
  });

  it('--help says where the key comes from and what happens without one', () => {
    expect(FLEET_HELP).toContain('--firmware-key BASE64');
    expect(FLEET_HELP).toContain('$FIRMWARE_PUBLIC_KEY');
    expect(FLEET_HELP).toContain('bad-signature');
    expect(FLEET_HELP).toContain('--fails-to-boot PERCENT');
    expect(FLEET_HELP).toContain('firmware\n                     download requests cut partway');
  });

  it.each([
    [['--gadgets', '0']],
    [['--gadgets', String(MAX_GADGETS + 1)]],
    [['--gadgets', '2.5']],
    [['--model', 'toaster-9']],
    [['--interval', '30']],
    [['--faults', '60%']],
    [['--faults', 'some']],
    [['--speed', '0']],
    [['--project', 'Bad Project']],
    [['--colour', 'red']],
    [['--fails-to-boot', '101%']],
    [['--fails-to-boot', 'half']],
    [['--firmware-key', 'c2hvcnQ=']],
    [['--firmware-key', releaseKey().replace(/=$/, '')]],
    [['--firmware-key', '']],
  ])('refuses %j with a usage error', (argv) => {
    expect(() => parseFleetCommand(argv, {})).toThrow(UsageError);
  });
});

describe('failsToBootAt', () => {
  const failing = (count: number, share: number) =>
    Array.from({ length: count }, (_, index) => index).filter((index) =>
      failsToBootAt(index, count, share),
    );

  it('picks round(count × share) gadgets, spread evenly by index, the same every time', () => {
    expect(failing(10, 0.25)).toEqual([3, 6, 9]);
    expect(failing(8, 0.25)).toEqual([3, 7]);
    expect(failing(200, 0.05)).toHaveLength(10);
    expect(failing(7, 0)).toEqual([]);
    expect(failing(7, 1)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(failing(1, 0.4)).toEqual([]);
  });
});

// The fleet's own arithmetic and command line: percentiles, rates, pending settings, refusals, and
// every option's bounds.
import { describe, expect, it } from 'vitest';
import { MAX_GADGETS, parseFleetCommand, UsageError } from './cli-options.ts';
import { summaryLines } from './progress.ts';
import { FleetStats, percentile } from './stats.ts';

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

  it('percentile is nearest-rank and null when empty', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.99)).toBe(4);
  });
});

describe('parseFleetCommand', () => {
  it('takes the README’s command line', () => {
    expect(
      parseFleetCommand([
        '--gadgets',
        '200',
        '--model',
        'air-1',
        '--interval',
        '60',
        '--faults',
        '5%',
      ]),
    ).toMatchObject({ gadgets: 200, model: 'air-1', intervalSeconds: 60, faultRate: 0.05 });
    expect(parseFleetCommand(['--help'])).toBe('help');
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
  ])('refuses %j with a usage error', (argv) => {
    expect(() => parseFleetCommand(argv)).toThrow(UsageError);
  });
});

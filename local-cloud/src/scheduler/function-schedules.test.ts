import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSchedulerServer } from './server.ts';
import type { SchedulerServer } from './server.ts';

describe("the scheduler's scheduled functions", () => {
  let scheduler: SchedulerServer;
  beforeAll(async () => {
    scheduler = await startSchedulerServer();
  });
  afterAll(async () => {
    await scheduler.stop();
  });
  afterEach(() => {
    vi.useRealTimers();
    scheduler.scheduleFunctions([], () => Promise.resolve());
  });

  it('runs `every N minutes` functions at that interval from the clock', () => {
    vi.useFakeTimers();
    const runs: string[] = [];
    scheduler.scheduleFunctions(
      [{ name: 'watchdog', schedule: 'every 5 minutes', timeZone: 'UTC' }],
      (name) => {
        runs.push(name);
        return Promise.resolve();
      },
    );
    const stopClock = scheduler.startClock();
    vi.advanceTimersByTime(14 * 60_000);
    expect(runs).toEqual(['watchdog', 'watchdog']);
    stopClock();
    vi.advanceTimersByTime(60 * 60_000);
    expect(runs).toHaveLength(2);
  });

  it('runs a unix cron function once when due, with the time it was due, and lists it apart from the jobs', () => {
    vi.useFakeTimers({ now: new Date('2030-01-02T02:59:30.000Z') });
    const runs: [string, string][] = [];
    scheduler.scheduleFunctions(
      [{ name: 'nightly', schedule: '0 3 * * *', timeZone: 'UTC' }],
      (name, scheduleTime) => {
        runs.push([name, scheduleTime.toISOString()]);
        return Promise.resolve();
      },
    );
    expect(scheduler.functionSchedules()[0]?.nextRun?.toISOString()).toBe(
      '2030-01-02T03:00:00.000Z',
    );
    const stopClock = scheduler.startClock();
    vi.advanceTimersByTime(10 * 60_000);
    stopClock();
    expect(runs).toEqual([['nightly', '2030-01-02T03:00:00.000Z']]);
    expect(scheduler.functionSchedules()[0]?.nextRun?.toISOString()).toBe(
      '2030-01-03T03:00:00.000Z',
    );
    expect(scheduler.jobs()).toEqual([]);
  });

  it('describes unix cron functions with their next run in the function’s time zone', () => {
    scheduler.scheduleFunctions([{ name: 'nightly', schedule: '0 3 * * *', timeZone: 'UTC' }], () =>
      Promise.resolve(),
    );
    const [description] = scheduler.describeFunctionSchedules();
    expect(description).toMatch(
      /^nightly: 0 3 \* \* \* \(UTC\), next \d{4}-\d\d-\d\dT03:00:00\.000Z$/,
    );
  });

  it('refuses a schedule that is neither cron nor `every N minutes`', () => {
    expect(() => {
      scheduler.scheduleFunctions([{ name: 'bad', schedule: 'sometimes', timeZone: 'UTC' }], () =>
        Promise.resolve(),
      );
    }).toThrow();
  });
});

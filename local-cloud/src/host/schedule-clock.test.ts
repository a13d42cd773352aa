import { afterEach, describe, expect, it, vi } from 'vitest';
import { startScheduleClock } from './schedule-clock.ts';

describe('startScheduleClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs `every N minutes` jobs at that interval', () => {
    vi.useFakeTimers();
    const runs: string[] = [];
    const clock = startScheduleClock(
      [{ name: 'watchdog', schedule: 'every 5 minutes', timeZone: 'UTC' }],
      (name) => runs.push(name),
    );
    vi.advanceTimersByTime(14 * 60_000);
    expect(runs).toEqual(['watchdog', 'watchdog']);
    clock.stop();
    vi.advanceTimersByTime(60 * 60_000);
    expect(runs).toHaveLength(2);
  });

  it('describes unix cron jobs with their next run in the job’s time zone', () => {
    const clock = startScheduleClock(
      [{ name: 'nightly', schedule: '0 3 * * *', timeZone: 'UTC' }],
      () => undefined,
    );
    const [description] = clock.describe();
    expect(description).toMatch(
      /^nightly: 0 3 \* \* \* \(UTC\), next \d{4}-\d\d-\d\dT03:00:00\.000Z$/,
    );
    clock.stop();
  });

  it('refuses a schedule that is neither cron nor `every N minutes`', () => {
    expect(() =>
      startScheduleClock(
        [{ name: 'bad', schedule: 'sometimes', timeZone: 'UTC' }],
        () => undefined,
      ),
    ).toThrow();
  });
});

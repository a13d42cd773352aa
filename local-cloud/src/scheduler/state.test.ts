// Cloud Scheduler's attempt log on a dev server left running: the latest attempts, a bounded number.
import { describe, expect, it } from 'vitest';
import { KEEP_ATTEMPTS, SchedulerState } from './state.ts';

const PARENT = 'projects/p/locations/us-central1';

describe("Cloud Scheduler's attempts", () => {
  it('keeps the latest KEEP_ATTEMPTS, dropping the oldest first', async () => {
    const state = new SchedulerState();
    let fired = 0;
    state.fire = () => Promise.resolve(++fired === 1 ? 500 : 200);
    const job = state.create(PARENT, { name: `${PARENT}/jobs/reminder`, schedule: '0 9 * * *' });
    const runs = KEEP_ATTEMPTS + 3;
    for (let i = 0; i < runs; i++) await state.run(job.name, new Date(Date.UTC(2030, 0, 1, 0, i)));

    expect(state.attempts).toHaveLength(KEEP_ATTEMPTS);
    expect(state.attempts[0]?.scheduleTime).toBe(
      new Date(Date.UTC(2030, 0, 1, 0, 3)).toISOString(),
    );
    expect(state.attempts.at(-1)?.scheduleTime).toBe(
      new Date(Date.UTC(2030, 0, 1, 0, runs - 1)).toISOString(),
    );
    // The first attempt, the only failure, is among those dropped.
    expect(state.attempts.every((attempt) => attempt.status === 200)).toBe(true);
  });
});

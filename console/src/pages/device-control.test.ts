import { describe, expect, it } from 'vitest';
import { commandRows, settingRows } from './device-control.ts';
import type { Command, Desired, Reported } from './device-control.ts';

const key = (version: number, via = 'app') => ({
  version,
  setBy: via === 'app' ? 'u1' : 'gadget',
  setAt: '2026-01-31T12:00:00Z',
  via,
});

const desired: Desired = {
  version: 4,
  values: {
    displayUnit: 'celsius',
    fanMode: 'high',
    screenBrightness: 40,
    reportIntervalSeconds: 60,
  },
  keys: {
    displayUnit: key(1),
    fanMode: key(2),
    screenBrightness: key(3, 'gadget'),
    reportIntervalSeconds: key(4),
  },
  updatedAt: '2026-01-31T12:00:00Z',
};

const reported: Reported = {
  seq: null,
  values: { displayUnit: 'fahrenheit', fanMode: 'auto', screenBrightness: 40, extra: 1 },
  appliedDesiredVersion: 3,
  refused: { fanMode: 'the fan is broken' },
  firmware: '1.4.0',
  via: 'wifi',
  relayedBy: null,
  verified: true,
  reportedAt: '2026-01-31T12:01:00Z',
};

describe('settingRows', () => {
  it('says of each setting whether it is pending, refused, changed on the gadget or applied', () => {
    const states = Object.fromEntries(
      settingRows(desired, reported, null).map((r) => [r.name, [r.state, r.reason]]),
    );
    expect(states).toEqual({
      displayUnit: ['differs', undefined],
      extra: ['unset', undefined],
      fanMode: ['refused', 'the fan is broken'],
      reportIntervalSeconds: ['pending', undefined],
      screenBrightness: ['gadget', undefined],
    });
    expect(
      settingRows(desired, { ...reported, values: { displayUnit: 'celsius' } }, null)[0],
    ).toMatchObject({
      name: 'displayUnit',
      state: 'applied',
    });
  });

  it('counts every desired setting pending before the gadget reports', () => {
    expect(settingRows(desired, null, null).every((r) => r.state === 'pending')).toBe(true);
  });
});

describe('commandRows', () => {
  const command = (id: string, status: string, createdAt: string): Command => ({
    id,
    command: 'identify',
    params: {},
    status,
    createdBy: 'u1',
    createdAt,
    expiresAt: createdAt,
    finishedAt: null,
    result: null,
  });

  it('lists the unfinished oldest first, then the recent others once', () => {
    const a = command('a', 'queued', '2026-01-31T12:02:00Z');
    const b = command('b', 'sent', '2026-01-31T12:01:00Z');
    const c = command('c', 'succeeded', '2026-01-31T12:03:00Z');
    expect(commandRows([a, b], [c, a, b]).map((r) => r.id)).toEqual(['b', 'a', 'c']);
  });
});

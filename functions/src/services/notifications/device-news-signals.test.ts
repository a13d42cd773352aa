import { describe, expect, it } from 'vitest';
import type { Device } from '@gadget/shared';
import { deviceWith as device } from '../../test-fixtures/device.ts';
import { deviceNewsOf } from './device-notifications.ts';
import { mayCarryNews } from './device-news-signals.ts';

const online = (seq: number) =>
  device({ lastTransition: { kind: 'online', at: new Date(seq), seq } });
const offline = (seq: number) =>
  device({ lastTransition: { kind: 'offline', at: new Date(seq), seq } });
const withMembers = (members: Device['members']) =>
  device({
    members,
    memberSince: Object.fromEntries(Object.keys(members).map((uid) => [uid, new Date(1)])),
  });

describe('mayCarryNews', () => {
  const pairs: [string, Device | undefined, Device | undefined][] = [
    ['a transition', online(2), offline(3)],
    ['a first connection', device({}), online(1)],
    ['the same transition again', offline(3), offline(3)],
    ['a member joined', withMembers({ o: 'owner' }), withMembers({ o: 'owner', v: 'viewer' })],
    ['a member left', withMembers({ o: 'owner', v: 'viewer' }), withMembers({ o: 'owner' })],
    [
      'a role changed',
      withMembers({ o: 'owner', v: 'viewer' }),
      withMembers({ o: 'owner', v: 'admin' }),
    ],
    ['a reading', device({}), device({ latest: { ts: new Date(5), values: { temperature: 21 } } })],
    ['a rename', device({}), device({ name: 'Attic' })],
    ['a created device', undefined, device({})],
    ['a deleted device', device({}), undefined],
  ];

  it.each(pairs)('passes every write with news (%s)', (_name, before, after) => {
    if (deviceNewsOf('d', before, after).length > 0) {
      expect(mayCarryNews(before, after)).toBe(true);
    }
  });

  it('stops the writes that cannot carry news', () => {
    const quiet = pairs.filter(([name]) =>
      ['the same transition again', 'a role changed', 'a reading', 'a rename'].includes(name),
    );
    for (const [, before, after] of quiet) expect(mayCarryNews(before, after)).toBe(false);
    expect(mayCarryNews(undefined, device({}))).toBe(false);
    expect(mayCarryNews(device({}), undefined)).toBe(false);
  });
});

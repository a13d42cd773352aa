import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deviceWith as device } from '../../test-fixtures/device.ts';
import { deviceNewsOf } from './device-notifications.ts';

const key = (uid: string) => createHash('sha256').update(uid).digest('hex').slice(0, 16);

describe('deviceNewsOf', () => {
  it('gives one item per transition and none for writes that change no state', () => {
    const online = device({ lastTransition: { kind: 'online', at: new Date(2), seq: 2 } });
    const offline = device({ lastTransition: { kind: 'offline', at: new Date(3), seq: 3 } });
    expect(deviceNewsOf('d', online, offline).map((n) => n.id)).toEqual(['offline-d-3']);
    expect(deviceNewsOf('d', offline, offline)).toEqual([]);
    expect(deviceNewsOf('d', device({}), device({ name: 'Attic' }))).toEqual([]);
    // A first connection is not "back online".
    expect(
      deviceNewsOf(
        'd',
        device({}),
        device({ lastTransition: { kind: 'online', at: new Date(), seq: 1 } }),
      ),
    ).toEqual([]);
  });

  it('tells members joining and leaving, and nothing of a new firmware version (ota/current does)', () => {
    const fw = (version: string) =>
      device({ status: { online: true, lastSeenAt: null, battery: null, firmware: { version } } });
    expect(deviceNewsOf('d', fw('1.0.0'), fw('1.1.0'))).toEqual([]);
    const joined = device({
      members: { o: 'owner', v: 'viewer' },
      memberSince: { o: new Date(1), v: new Date(5) },
    });
    expect(deviceNewsOf('d', device({}), joined)).toMatchObject([
      { id: `member-joined-d-${key('v')}-5`, except: 'v', content: { kind: 'member-joined' } },
    ]);
    expect(deviceNewsOf('d', joined, device({}))).toMatchObject([
      { id: `member-left-d-${key('v')}-5`, except: 'v', content: { kind: 'member-left' } },
    ]);
    expect(deviceNewsOf('d', undefined, joined)).toEqual([]);
  });

  it("tells nobody of the members a release took off (the owner's release or account deletion)", () => {
    const shared = device({
      members: { o: 'owner', v: 'viewer', a: 'admin' },
      memberSince: { o: new Date(1), v: new Date(5), a: new Date(6) },
    });
    const detached = device({});
    expect(deviceNewsOf('d', shared, detached, new Set(['v', 'a']))).toEqual([]);
    // A member who left on their own in the same write is still news.
    expect(deviceNewsOf('d', shared, detached, new Set(['v'])).map((n) => n.id)).toEqual([
      `member-left-d-${key('a')}-6`,
    ]);
  });
});

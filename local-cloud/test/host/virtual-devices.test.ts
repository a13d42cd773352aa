// The control API's virtual devices: a program reports its simulated devices per source, the list
// is replaced, listed and removed, every change is a `virtual-devices` event, bad or oversized
// bodies change nothing, and POST /reset empties it.
import { describe, expect, it } from 'vitest';
import { useFixtureCloud } from './fixture-cloud.ts';
import type { FixtureCloud } from './fixture-cloud.ts';
import { MAX_BODY_BYTES, MAX_DEVICES_PER_SOURCE } from '../../src/control/virtual-devices.ts';
import { collectEvents, controlRequest } from './control-client.ts';

let t: FixtureCloud;

useFixtureCloud((cloud) => {
  t = cloud;
});

const control = (method: string, path: string, body?: unknown) =>
  controlRequest(t.controlUrl, method, path, body);

async function sources(): Promise<unknown> {
  return (await control('GET', '/virtual-devices')).body.sources;
}

const events = (count: number, act: () => Promise<void>) =>
  collectEvents(t.controlUrl, 'virtual-devices', count, act);

const device = (id: string, state: Record<string, unknown> = { firmware: '1.4.0' }) => ({
  id,
  label: `Gadget ${id}`,
  lastRequest: { at: '2025-01-02T03:04:05.000Z', status: 200, latencyMs: 12.5 },
  state,
});

describe('PUT|DELETE /virtual-devices/{source}, GET /virtual-devices', () => {
  it("replaces a source's list, lists every source, removes one, and announces each change", async () => {
    const seen = await events(3, async () => {
      expect(
        (await control('PUT', '/virtual-devices/rig', { devices: [device('a'), device('b')] }))
          .status,
      ).toBe(200);
      const second = {
        id: 'c',
        label: 'Never called',
        lastRequest: null,
        state: { on: true, level: 3, note: null },
      };
      expect((await control('PUT', '/virtual-devices/rig', { devices: [second] })).status).toBe(
        200,
      );
      expect((await control('DELETE', '/virtual-devices/rig')).status).toBe(200);
    });
    expect(seen).toEqual([
      { source: 'rig', devices: 2, removed: false },
      { source: 'rig', devices: 1, removed: false },
      { source: 'rig', devices: 0, removed: true },
    ]);
    expect(await sources()).toEqual([]);

    await control('PUT', '/virtual-devices/zeta', { devices: [device('z')] });
    await control('PUT', '/virtual-devices/alpha', { devices: [] });
    const listed = (await sources()) as { source: string; updatedAt: string; devices: unknown }[];
    expect(listed.map((s) => s.source)).toEqual(['alpha', 'zeta']);
    expect(listed[1]?.devices).toEqual([device('z')]);
    expect(Date.parse(listed[1]?.updatedAt ?? '')).toBeGreaterThan(0);
    // Deleting a source that is not there is no change.
    expect((await control('DELETE', '/virtual-devices/nobody')).status).toBe(200);
    await control('DELETE', '/virtual-devices/zeta');
    await control('DELETE', '/virtual-devices/alpha');
  });

  it('refuses a bad body, a bad source, too many devices or too many bytes, and keeps the list', async () => {
    await control('PUT', '/virtual-devices/kept', { devices: [device('one')] });
    const refused = async (body: unknown, source = 'kept') =>
      (await control('PUT', `/virtual-devices/${source}`, body)).status;
    expect(await refused('{"devices": [')).toBe(400);
    expect(await refused([])).toBe(400);
    expect(await refused({ gadgets: [] })).toBe(400);
    expect(await refused({ devices: [{ id: 'x', label: 'X', colour: 'red' }] })).toBe(400);
    expect(await refused({ devices: [{ id: '', label: 'X' }] })).toBe(400);
    expect(await refused({ devices: [device('x'), device('x')] })).toBe(400);
    expect(await refused({ devices: [device('x', { nested: { a: 1 } })] })).toBe(400);
    expect(await refused({ devices: [device('x', { list: [1] })] })).toBe(400);
    const badAt = { ...device('x'), lastRequest: { at: 'yesterday', status: 200, latencyMs: 1 } };
    expect(await refused({ devices: [badAt] })).toBe(400);
    const badStatus = {
      ...device('x'),
      lastRequest: { at: badAt.lastRequest.at, status: 2.5, latencyMs: 1 },
    };
    expect(await refused({ devices: [badStatus] })).toBe(400);
    expect(await refused({ devices: [] }, 'no%20spaces')).toBe(400);
    expect(await refused({ devices: [] }, '%E0%A4%A')).toBe(400);

    const many = Array.from({ length: MAX_DEVICES_PER_SOURCE + 1 }, (_, i) =>
      device(`d${String(i)}`, {}),
    );
    const tooMany = await control('PUT', '/virtual-devices/kept', { devices: many });
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain(`At most ${String(MAX_DEVICES_PER_SOURCE)}`);
    expect(await refused({ devices: many.slice(0, MAX_DEVICES_PER_SOURCE) }, 'full')).toBe(200);
    const huge = JSON.stringify({ devices: [device('x', { big: 'x' })] }).padEnd(
      MAX_BODY_BYTES + 1,
      ' ',
    );
    expect(await refused(huge)).toBe(413);

    const listed = (await sources()) as { source: string; devices: unknown[] }[];
    expect(listed.find((s) => s.source === 'kept')?.devices).toEqual([device('one')]);
    expect(listed.find((s) => s.source === 'full')?.devices).toHaveLength(MAX_DEVICES_PER_SOURCE);
    await control('DELETE', '/virtual-devices/kept');
    await control('DELETE', '/virtual-devices/full');
  });

  it('is emptied by POST /reset, which announces each source removed', async () => {
    await control('PUT', '/virtual-devices/before-reset', { devices: [device('r')] });
    const seen = await events(1, async () => {
      expect((await control('POST', '/reset')).status).toBe(200);
    });
    expect(seen).toEqual([{ source: 'before-reset', devices: 0, removed: true }]);
    expect(await sources()).toEqual([]);
  });

  it('answers no cross-origin preflight, so a web page elsewhere cannot PUT or DELETE', async () => {
    const response = await fetch(`${t.controlUrl}/virtual-devices/rig`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://elsewhere.example',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
    await response.body?.cancel();
  });
});

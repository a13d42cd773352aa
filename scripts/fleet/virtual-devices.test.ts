// The fleet's reports to the console: each gadget as a virtual device, where they go (or that they
// go nowhere), the newest report sent and a failing one warned of once without disturbing anything.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { GadgetStatus } from '@gadget/reference-gadget';
import { EMULATOR_SUITE_PORTS } from '@gadget/local-cloud/ports';
import type { FleetGadget } from './run-fleet.ts';
import { VirtualDevicesReport, virtualDevicesOf, virtualDevicesUrl } from './virtual-devices.ts';

function gadget(serial: string, wifi: boolean, buffered = 2): FleetGadget {
  const status: Partial<GadgetStatus> = {
    firmware: '1.4.0',
    knownDesiredVersion: 3,
    appliedDesiredVersion: 2,
    bufferedIds: Array.from({ length: buffered }, (_, i) => `r${String(i)}`),
    acknowledgedIds: ['a', 'b', 'c'],
    commandsRun: [{ commandId: 'c1', command: 'identify', status: 'succeeded' }],
    nextPollSeconds: wifi ? 60 : null,
    ota: {
      state: 'downloading',
      rolloutId: 'r1',
      version: '1.4.0',
      progress: 42,
      bytesHeld: 4200,
      error: null,
      reportPending: true,
    },
  };
  return {
    enlisted: {
      serial,
      model: 'air-1',
      claimCode: 'code',
      privateKey: 'key',
      publicKey: 'key',
      deviceId: `dev-${serial}`,
      deviceKey: wifi ? 'device-key' : null,
    },
    lastRequest: wifi ? { at: '2025-01-02T03:04:05.000Z', status: 200, latencyMs: 41 } : null,
    status: status as GadgetStatus,
  };
}

describe('virtualDevicesOf', () => {
  it('makes each gadget a device: its id, serial and link, last request and what it knows, its update included', () => {
    expect(virtualDevicesOf([gadget('FLEET-0001', true), gadget('FLEET-0002', false)])).toEqual([
      {
        id: 'dev-FLEET-0001',
        label: 'FLEET-0001 (Wi-Fi)',
        lastRequest: { at: '2025-01-02T03:04:05.000Z', status: 200, latencyMs: 41 },
        state: {
          model: 'air-1',
          firmware: '1.4.0',
          appliedVersion: 2,
          knownVersion: 3,
          buffered: 2,
          acknowledged: 3,
          commandsRun: 1,
          nextPollSeconds: 60,
          ota: 'downloading',
          otaVersion: '1.4.0',
          otaProgress: 42,
          otaError: null,
        },
      },
      expect.objectContaining({
        id: 'dev-FLEET-0002',
        label: 'FLEET-0002 (BLE)',
        lastRequest: null,
      }),
    ]);
  });
});

describe('virtualDevicesUrl', () => {
  const ports = EMULATOR_SUITE_PORTS;
  it("is npm start's control API, unless --functions-url names a backend elsewhere", () => {
    const control = `http://127.0.0.1:${String(ports.control)}/virtual-devices/fleet`;
    expect(virtualDevicesUrl(undefined, ports)).toBe(control);
    expect(
      virtualDevicesUrl(`http://127.0.0.1:${String(ports.functions)}/demo-x/us-central1`, ports),
    ).toBe(control);
    expect(
      virtualDevicesUrl('https://europe-west1-prod.cloudfunctions.net', ports),
    ).toBeUndefined();
    expect(virtualDevicesUrl('not a url', ports)).toBeUndefined();
  });
});

describe('VirtualDevicesReport', () => {
  it('PUTs one report at a time, the newest waiting, and warns once of failures', async () => {
    const bodies: unknown[] = [];
    let answer = 200;
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        bodies.push({ method: req.method, url: req.url, ...(JSON.parse(text) as object) });
        res.writeHead(answer).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const warnings: string[] = [];
    const report = new VirtualDevicesReport(
      `http://127.0.0.1:${String(port)}/virtual-devices/fleet`,
      (line) => warnings.push(line),
    );
    try {
      report.report([gadget('FLEET-0001', true, 1)]);
      report.report([gadget('FLEET-0001', true, 2)]);
      report.report([gadget('FLEET-0001', true, 3)]);
      await report.settled();
      // The first went at once; of the two that came while it was on its way, only the newest.
      const buffered = bodies.map((b) => b as { devices: [{ state: { buffered: number } }] });
      expect(buffered.map((b) => b.devices[0].state.buffered)).toEqual([1, 3]);
      expect(bodies[0]).toMatchObject({ method: 'PUT', url: '/virtual-devices/fleet' });
      expect(warnings).toEqual([]);

      answer = 404;
      report.report([gadget('FLEET-0001', true)]);
      await report.settled();
      report.report([gadget('FLEET-0001', true)]);
      await report.settled();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    report.report([gadget('FLEET-0001', true)]);
    await report.settled();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('HTTP 404');
  });
});

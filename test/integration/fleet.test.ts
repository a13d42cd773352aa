// A fleet of 20 reference gadgets (a quarter of them BLE, relayed by the owner's phone) for a few
// seconds of real time at 120× speed, with 5 % of requests losing their answer or timing out and
// clocks off by up to a minute, while the app sets settings and sends commands and people change
// settings on the gadgets: nothing lost, nothing stored twice, every setting applied, every command
// finished — checked in the backend, not in the fleet's own counts.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '@gadget/reference-gadget';
import { sharedCloud, TEST_CLAIM_CODE_SECRET } from '../helpers/product-cloud.ts';
import { fleetOwnerApp, startFleetCloud } from '../helpers/fleet-cloud.ts';
import { enlistGadgets } from '../../scripts/fleet/enlist.ts';
import { runFleet } from '../../scripts/fleet/run-fleet.ts';
import { checkFleet } from '../../scripts/fleet/verify.ts';

const cloud = sharedCloud(() => startFleetCloud());

describe('a fleet of 20 with 5 % faults', () => {
  it('loses nothing, stores nothing twice, applies every setting and finishes every command', async () => {
    const app = await fleetOwnerApp(cloud, 'fleet-owner');
    try {
      const gadgets = await enlistGadgets(cloud.firestore, app, {
        model: 'air-1',
        count: 20,
        bleCount: 5,
        intervalSeconds: 60,
        claimCodeSecret: TEST_CLAIM_CODE_SECRET,
      });
      const stop = new AbortController();
      setTimeout(() => {
        stop.abort();
      }, 6_000);
      const run = await runFleet({
        gadgets,
        app,
        ingestUrl: `${cloud.functionsUrl}/ingest`,
        intervalSeconds: 60,
        speed: 120,
        faultRate: 0.05,
        skewSeconds: 60,
        random: seededRandom(20),
        signal: stop.signal,
      });
      const snapshot = run.stats.snapshot(Date.now());
      expect(snapshot.settingsSet).toBeGreaterThan(0);
      expect(snapshot.commandsSent).toBeGreaterThan(0);
      expect(run.generated.every((gadget) => gadget.generatedIds.length > 0)).toBe(true);

      const check = await checkFleet(cloud.firestore, run.generated);
      const generated = run.generated.reduce((sum, gadget) => sum + gadget.generatedIds.length, 0);
      expect(check).toEqual({
        stored: generated,
        lost: 0,
        duplicated: 0,
        settingsPending: 0,
        commandsUnfinished: 0,
      });
      const commands = await cloud.firestore.collectionGroup('commands').get();
      expect(commands.size).toBe(snapshot.commandsSent);
      expect(new Set(commands.docs.map((doc) => doc.get('status') as string))).toEqual(
        new Set(['succeeded']),
      );
    } finally {
      await app.close();
    }
  }, 90_000);
});

// A fleet taking a firmware update: 8 Wi-Fi reference gadgets and 2 BLE ones (their updates
// carried by the owner's phone through getFirmwareOffer) built with the operator's release key,
// a signed release rolled out to 100 %, a quarter of the gadgets on which it fails to boot, and
// 5 % of requests faulted and of download requests cut. At the end the gadgets that booted run the
// new version, the others are back on the old one, the backend's update documents say the same,
// no reading is lost or stored twice; then the rollout evaluator pauses the rollout at its gate.
import { describe, expect, it } from 'vitest';
import { BOOT_FAILED, seededRandom } from '@gadget/reference-gadget';
import { docPaths } from '@gadget/shared';
import { sharedCloud, TEST_CLAIM_CODE_SECRET } from '../helpers/product-cloud.ts';
import { fleetOwnerApp, startFleetCloud } from '../helpers/fleet-cloud.ts';
import { otaDoc, seedRelease, seedRollout, signingKey } from '../helpers/firmware.ts';
import { enlistGadgets } from '../../scripts/fleet/enlist.ts';
import { otaLine } from '../../scripts/fleet/progress.ts';
import { failsToBootAt, runFleet } from '../../scripts/fleet/run-fleet.ts';
import type { FleetGadget } from '../../scripts/fleet/run-fleet.ts';
import { checkFleet, checkOta } from '../../scripts/fleet/verify.ts';

const cloud = sharedCloud(() => startFleetCloud({ MODEL_CACHE_SECONDS: '0' }));

const GADGETS = 10;
const BLE = 2;
const FAILS_TO_BOOT = 0.25;
/** However the update goes, the run stops by then. */
const MAX_RUN_MS = 25_000;

/** Every gadget's update ended, and the backend heard how. */
function allSettled(fleet: readonly FleetGadget[]): boolean {
  return fleet.every(
    ({ status }) =>
      ['succeeded', 'failed', 'rolled-back'].includes(status.ota.state) &&
      !status.ota.reportPending,
  );
}

describe('a fleet taking a firmware update', () => {
  it('boots it where it boots, rolls back where it does not, the backend agrees, and the gate pauses the rollout', async () => {
    const key = signingKey();
    await seedRelease(cloud, key, { version: '1.4.0', size: 150_000 });
    await seedRollout(cloud, {
      id: 'r1',
      version: '1.4.0',
      stages: [100],
      gates: { minAttempts: 4, maxFailurePercent: 10 },
    });
    const app = await fleetOwnerApp(cloud, 'fleet-firmware');
    try {
      const gadgets = await enlistGadgets(cloud.firestore, app, {
        model: 'thermo-1',
        count: GADGETS,
        bleCount: BLE,
        intervalSeconds: 60,
        claimCodeSecret: TEST_CLAIM_CODE_SECRET,
      });
      const stop = new AbortController();
      const timer = setTimeout(() => {
        stop.abort();
      }, MAX_RUN_MS);
      const run = await runFleet({
        gadgets,
        app,
        ingestUrl: `${cloud.functionsUrl}/ingest`,
        intervalSeconds: 60,
        speed: 120,
        faultRate: 0.05,
        skewSeconds: 30,
        firmwarePublicKey: key.publicKey,
        failsToBootShare: FAILS_TO_BOOT,
        random: seededRandom(14),
        signal: stop.signal,
        onGadgets: (fleet) => {
          if (allSettled(fleet)) stop.abort();
        },
      }).finally(() => {
        clearTimeout(timer);
      });

      const failing = gadgets.map((_, index) => failsToBootAt(index, GADGETS, FAILS_TO_BOOT));
      expect(failing.filter(Boolean)).toHaveLength(3);
      const fleet = run.gadgets;
      for (const [index, { enlisted, status }] of fleet.entries()) {
        const expected = failing[index]
          ? { firmware: '1.2.0', state: 'rolled-back', error: BOOT_FAILED }
          : { firmware: '1.4.0', state: 'succeeded', error: null };
        expect({
          serial: enlisted.serial,
          firmware: status.firmware,
          state: status.ota.state,
          error: status.ota.error,
        }).toEqual({ serial: enlisted.serial, ...expected });
        const doc = await otaDoc(cloud, enlisted.deviceId);
        expect(doc).toMatchObject({
          rolloutId: 'r1',
          version: '1.4.0',
          state: expected.state,
          failedVersions: failing[index] ? ['1.4.0'] : [],
          // A BLE gadget's update came by the phone, under its lease, which ended with it.
          ...(enlisted.deviceKey === null ? { via: 'relay', lease: null } : {}),
        });
      }
      expect(
        await checkOta(
          cloud.firestore,
          gadgets.map((g) => g.deviceId),
        ),
      ).toEqual({
        succeeded: 7,
        'rolled-back': 3,
      });

      // The fleet's own counts say the same, in the summary's OTA line.
      const snapshot = run.stats.snapshot(Date.now());
      expect(snapshot.firmwareCarried).toBe(BLE);
      expect(snapshot.firmwareBytes).toBeGreaterThanOrEqual(GADGETS * 150_000);
      expect(otaLine(snapshot)).toMatch(
        /^ {2}ota: 7 succeeded, 3 rolled-back · running 7 on 1\.4\.0, 3 on 1\.2\.0 · \d+\.\d MB downloaded(, \d+ cut)?, 2 carried over BLE$/,
      );

      const check = await checkFleet(cloud.firestore, run.generated);
      const generated = run.generated.reduce((sum, gadget) => sum + gadget.generatedIds.length, 0);
      expect(generated).toBeGreaterThan(0);
      expect(check).toMatchObject({ stored: generated, lost: 0, duplicated: 0 });

      await cloud.runSchedule('rolloutEvaluator', new Date());
      await cloud.idle();
      expect((await cloud.firestore.doc(docPaths.rollout('r1')).get()).data()).toMatchObject({
        state: 'paused',
        stoppedBy: 'gate',
        counts: { attempts: 10, succeeded: 7, failed: 3 },
      });
    } finally {
      await app.close();
    }
  }, 60_000);
});

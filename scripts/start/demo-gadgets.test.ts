// The banner's demo lines come from the registry as it is when printed, not from the seed's files:
// a gadget claimed or released since shows as it is now.
import type { Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud } from '@gadget/local-cloud';
import type { LocalCloud } from '@gadget/local-cloud';
import { demoGadgets, demoLoginLines, unclaimedLine } from './demo-gadgets.ts';
import { adminFirestoreOn, closeAdminFirestore } from '../../test/helpers/admin-firestore.ts';
import type { AdminFirestore } from '../../test/helpers/admin-firestore.ts';

const REGISTRY = [
  { serial: 'GDG-DEMO-0001', model: 'thermo-1', claimCode: 'DEMO-0001-AA' },
  { serial: 'GDG-DEMO-0002', model: 'thermo-1', claimCode: 'DEMO-0002-AA' },
  { serial: 'GDG-DEMO-0003', model: 'thermo-1', claimCode: 'DEMO-0003-AA' },
  { serial: 'GDG-DEMO-0101', model: 'air-1', claimCode: 'DEMO-0101-AA' },
] as const;
const USERS = [
  { uid: 'demo-user', email: 'demo@gadget.test', password: 'gadget-demo', displayName: 'Demo' },
];

let cloud: LocalCloud;
let admin: AdminFirestore;
let firestore: Firestore;

beforeAll(async () => {
  cloud = await startLocalCloud({ logs: 'silent' });
  admin = adminFirestoreOn(cloud, 'demo-gadgets');
  firestore = admin.firestore;
});

afterAll(async () => {
  await closeAdminFirestore(admin);
  await cloud.stop();
});

const entry = (claimedBy: string | null) => ({ model: 'thermo-1', claimedBy, deviceId: null });

describe('the demo gadgets', () => {
  it('are unclaimed or owned as the registry says now; an entry not there is neither', async () => {
    await firestore.doc('deviceRegistry/GDG-DEMO-0001').set(entry('demo-user'));
    await firestore.doc('deviceRegistry/GDG-DEMO-0002').set(entry(null));
    await firestore.doc('deviceRegistry/GDG-DEMO-0101').set(entry('demo-user'));
    // GDG-DEMO-0003 was never loaded (npm start -- --no-seed, or deleted).
    const gadgets = await demoGadgets(firestore, REGISTRY);
    expect(unclaimedLine(gadgets)).toBe('GDG-DEMO-0002 (DEMO-0002-AA)');
    expect(demoLoginLines(USERS, gadgets)).toEqual([
      'demo@gadget.test / gadget-demo (owns thermo-1 GDG-DEMO-0001, air-1 GDG-DEMO-0101)',
    ]);
  });

  it('say so when none is left to claim and the login owns none', async () => {
    await firestore.doc('deviceRegistry/GDG-DEMO-0001').set(entry('someone-else'));
    await firestore.doc('deviceRegistry/GDG-DEMO-0002').set(entry('someone-else'));
    await firestore.doc('deviceRegistry/GDG-DEMO-0101').set(entry(null));
    const gadgets = await demoGadgets(firestore, REGISTRY.slice(0, 3));
    expect(unclaimedLine(gadgets)).toBe(
      'none of the seed gadgets (npm start -- --reset starts again from the seed)',
    );
    expect(demoLoginLines(USERS, gadgets)).toEqual([
      'demo@gadget.test / gadget-demo (owns none of the seed gadgets)',
    ]);
  });
});

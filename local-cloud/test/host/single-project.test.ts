// Single project mode: an app (or script) configured with another project id is told, in the error
// its SDK surfaces and once on the terminal, which project is served, instead of reading an empty
// database; the control API's /health lists what was refused. Without the mode, other projects are
// served as before (tests give each suite its own project on one server).
import { deleteApp, initializeApp as initializeClientApp } from 'firebase/app';
import type { FirebaseApp } from 'firebase/app';
import {
  connectFirestoreEmulator,
  doc,
  getDocFromServer,
  getFirestore as getClientFirestore,
  onSnapshot,
  terminate,
} from 'firebase/firestore';
import { deleteApp as deleteAdminApp, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalCloud } from '../../src/local-cloud.ts';
import type { LocalCloud } from '../../src/local-cloud.ts';

const SERVED = 'demo-single';
const OTHER = 'gadget-prod';

describe('single project mode', () => {
  let cloud: LocalCloud;
  const warnings: string[] = [];
  const clientApps: FirebaseApp[] = [];
  const adminApps: App[] = [];

  beforeAll(async () => {
    vi.spyOn(console, 'warn').mockImplementation((line: unknown) => {
      warnings.push(String(line));
    });
    cloud = await startLocalCloud({ projectId: SERVED, singleProjectMode: true });
  });

  afterEach(async () => {
    for (const app of clientApps.splice(0)) {
      await terminate(getClientFirestore(app));
      await deleteApp(app);
    }
    for (const app of adminApps.splice(0)) await deleteAdminApp(app);
  });

  afterAll(async () => {
    await cloud.stop();
    vi.restoreAllMocks();
  });

  function clientFirestore(projectId: string) {
    const app = initializeClientApp(
      { projectId, apiKey: 'demo-key' },
      `client-${projectId}-${String(clientApps.length)}`,
    );
    clientApps.push(app);
    const db = getClientFirestore(app);
    connectFirestoreEmulator(db, cloud.host, cloud.ports.firestore);
    return db;
  }

  function adminFirestore(projectId: string) {
    const app = initializeApp({ projectId }, `admin-${projectId}-${String(adminApps.length)}`);
    adminApps.push(app);
    const db = getFirestore(app);
    db.settings({ host: cloud.firestoreServer.address, ssl: false });
    return db;
  }

  it('serves its own project to the client SDK and firebase-admin', async () => {
    await adminFirestore(SERVED).doc('devices/d1').set({ name: 'Cellar' });
    const snapshot = await getDocFromServer(doc(clientFirestore(SERVED), 'devices/d1'));
    expect(snapshot.get('name')).toBe('Cellar');
  });

  it("refuses the client SDK's reads and listeners for another project, naming the one served", async () => {
    const db = clientFirestore(OTHER);
    const read = await getDocFromServer(doc(db, 'devices/d1')).then(
      () => undefined,
      (error: unknown) => error as { code: string; message: string },
    );
    expect(read?.code).toBe('not-found');
    expect(read?.message).toContain(`serves project ${SERVED} only`);
    expect(read?.message).toContain(`use projectId '${SERVED}'`);

    const listened = await new Promise<{ code: string; message: string }>((resolve) => {
      onSnapshot(
        doc(db, 'devices/d1'),
        () => undefined,
        (error) => {
          resolve(error);
        },
      );
    });
    expect(listened.code).toBe('not-found');
    expect(listened.message).toContain(`request is for project ${OTHER}`);
  });

  it('refuses a script on another project too (firebase-admin), writing nothing', async () => {
    const db = adminFirestore(OTHER);
    await expect(db.doc('devices/d2').set({ name: 'Attic' })).rejects.toThrow(
      `serves project ${SERVED} only`,
    );
    expect((await adminFirestore(SERVED).doc('devices/d2').get()).exists).toBe(false);
  });

  it("refuses REST and Storage requests for another project's resources", async () => {
    const rest = await fetch(
      `http://${cloud.firestoreServer.address}/v1/projects/${OTHER}/databases/(default)/documents/devices/d1`,
    );
    expect(rest.status).toBe(404);
    expect(await rest.text()).toContain(`serves project ${SERVED} only`);

    for (const bucket of [`${OTHER}.appspot.com`, `${OTHER}.firebasestorage.app`]) {
      const storage = await fetch(
        `http://${cloud.host}:${String(cloud.ports.storage)}/v0/b/${bucket}/o?prefix=uploads/`,
      );
      expect(storage.status).toBe(404);
      expect(await storage.text()).toContain(`serves project ${SERVED} only`);
    }
    const own = await fetch(
      `http://${cloud.host}:${String(cloud.ports.storage)}/v0/b/${cloud.storageBucket}/o?prefix=uploads/`,
    );
    expect(own.status).toBe(200);
  });

  it('warns once per service and project, and /health counts every refusal', async () => {
    const refusedFirestore = warnings.filter(
      (line) => line.startsWith('[local-cloud firestore] refused') && line.includes(OTHER),
    );
    expect(refusedFirestore).toHaveLength(1);
    expect(
      warnings.filter((line) => line.startsWith('[local-cloud storage] refused')),
    ).toHaveLength(1);
    expect(
      warnings.some((line) => line.includes(`refused a request`) && line.includes(SERVED)),
    ).toBe(true);

    const health = (await (
      await fetch(`http://${cloud.host}:${String(cloud.ports.control)}/health`)
    ).json()) as {
      singleProjectMode: boolean;
      refusedProjects: { service: string; project: string; count: number }[];
    };
    expect(health.singleProjectMode).toBe(true);
    const firestore = health.refusedProjects.find((r) => r.service === 'Firestore');
    expect(firestore).toMatchObject({ project: OTHER });
    expect(firestore?.count).toBeGreaterThanOrEqual(4);
    // Both default bucket names of the other project.
    expect(health.refusedProjects.find((r) => r.service === 'Storage')).toMatchObject({
      project: OTHER,
      count: 2,
    });
  });
});

describe('without single project mode', () => {
  it('serves any project, each its own data, and /health says so', async () => {
    const cloud = await startLocalCloud({ projectId: SERVED, logs: 'silent' });
    try {
      const app = initializeApp({ projectId: OTHER }, 'multi-project');
      const db = getFirestore(app);
      db.settings({ host: cloud.firestoreServer.address, ssl: false });
      await db.doc('devices/d1').set({ name: 'Cellar' });
      expect((await db.doc('devices/d1').get()).get('name')).toBe('Cellar');
      await db.terminate();
      await deleteAdminApp(app);
      const health = (await (
        await fetch(`http://${cloud.host}:${String(cloud.ports.control)}/health`)
      ).json()) as { singleProjectMode: boolean; refusedProjects: unknown[] };
      expect(health).toMatchObject({ singleProjectMode: false, refusedProjects: [] });
    } finally {
      await cloud.stop();
    }
  });
});

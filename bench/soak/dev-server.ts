// The dev server `npm run bench:soak` measures, in a process of its own as `npm start` runs: local-
// cloud with the product's functions, rules and indexes on free ports, Firestore's read-time
// window as the soak names it, and the account the fleet's owner signs in with. It answers the
// soak over IPC: `sample` with its memory after a forced GC (it is forked with --expose-gc) and
// what it holds, `reset` by emptying everything (POST /reset) and making the owner's account
// again, `stop` by stopping.
import { startLocalCloud } from '@gadget/local-cloud';
import type { LocalCloud } from '@gadget/local-cloud';
import { fileURLToPath } from 'node:url';
import { PRODUCT_FUNCTIONS } from '../../scripts/start/product-functions.ts';
import { rulesFiles } from '../../scripts/start/rules-files.ts';

/** What the soak sends. */
export type ToDevServer =
  { readonly type: 'sample' } | { readonly type: 'reset' } | { readonly type: 'stop' };

/** What the dev server answers. */
export type FromDevServer =
  | {
      readonly type: 'ready';
      readonly projectId: string;
      /** host:port of Firestore and of Auth */
      readonly firestore: string;
      readonly auth: string;
      readonly functionsUrl: string;
      readonly owner: { readonly email: string; readonly password: string };
      /** The key claim codes are made with, for provisioning the fleet. */
      readonly claimCodeSecret: string;
    }
  | { readonly type: 'sample'; readonly sample: DevServerSample }
  | { readonly type: 'reset' };

export interface DevServerSample {
  readonly heapBytes: number;
  /** The heap's size as V8 holds it from the system, used or not. */
  readonly heapCommittedBytes: number;
  readonly rssBytes: number;
  /** Buffers and other memory outside the V8 heap. */
  readonly externalBytes: number;
  readonly documents: number;
  /** The documents' fields as JSON: the data itself, which grows all day. */
  readonly documentsJsonBytes: number;
  readonly versionsKept: number;
  /** The kept versions' fields as JSON. */
  readonly versionsJsonBytes: number;
  readonly deliveries: number;
  readonly pushes: number;
  readonly schedulerAttempts: number;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROJECT_ID = 'demo-soak';
const OWNER = { email: 'soak@gadget.test', password: 'soak-password-1' };
const CLAIM_CODE_SECRET = 'soak-claim-code-secret';

const windowMs = Number(process.env.SOAK_READ_TIME_WINDOW_MS);
if (!Number.isFinite(windowMs) || windowMs <= 0)
  throw new Error('SOAK_READ_TIME_WINDOW_MS must name the read-time window in ms');
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('the dev server needs --expose-gc to sample its heap');

const cloud = await startLocalCloud({
  projectId: PROJECT_ID,
  functions: PRODUCT_FUNCTIONS,
  indexesFile: `${ROOT}firestore.indexes.json`,
  rules: rulesFiles(ROOT),
  firestoreReadTimeWindowMs: windowMs,
  // The fleet's own settings (test/helpers/fleet-cloud.ts): no App Check, and limits a fleet
  // driven by one account never reaches.
  functionsEnv: {
    CLAIM_CODE_SECRET,
    APP_CHECK_ENFORCED: 'false',
    GLOBAL_CALL_LIMIT_PER_MINUTE: '100000',
    INGEST_RATE_LIMIT_PER_MINUTE: '100000',
    SUBMIT_RATE_LIMIT_PER_MINUTE: '1000',
  },
  logs: 'silent',
});
await signUpOwner(cloud);
send({
  type: 'ready',
  projectId: PROJECT_ID,
  firestore: cloud.firestoreServer.address,
  auth: cloud.authServer.hostAndPort,
  functionsUrl: `http://${cloud.host}:${String(cloud.ports.functions)}/${PROJECT_ID}/us-central1`,
  owner: OWNER,
  claimCodeSecret: CLAIM_CODE_SECRET,
});

process.on('message', (message: ToDevServer) => {
  switch (message.type) {
    case 'sample':
      send({ type: 'sample', sample: sample(cloud, gc) });
      break;
    case 'reset':
      void cloud
        .reset()
        .then(() => signUpOwner(cloud))
        .then(() => {
          send({ type: 'reset' });
        });
      break;
    case 'stop':
      void cloud.stop().finally(() => {
        process.disconnect();
      });
  }
});

function send(message: FromDevServer): void {
  process.send?.(message);
}

function sample(server: LocalCloud, collect: () => void): DevServerSample {
  collect();
  collect();
  const { heapUsed, heapTotal, rss, external } = process.memoryUsage();
  let documents = 0;
  let documentsJsonBytes = 0;
  let versionsKept = 0;
  let versionsJsonBytes = 0;
  for (const db of server.firestoreServer.frontend.engine.store.databases.values()) {
    documents += db.docs.size;
    for (const doc of db.docs.values()) documentsJsonBytes += JSON.stringify(doc.fields).length;
    versionsKept += db.history.size;
    for (const doc of db.history.versions()) versionsJsonBytes += JSON.stringify(doc.fields).length;
  }
  return {
    heapBytes: heapUsed,
    heapCommittedBytes: heapTotal,
    rssBytes: rss,
    externalBytes: external,
    documents,
    documentsJsonBytes,
    versionsKept,
    versionsJsonBytes,
    deliveries: server.deliveries.length,
    pushes: server.outbox.messages.length,
    schedulerAttempts: server.schedulerServer.attempts.length,
  };
}

/** The fleet owner's account, made through the Auth emulator's REST API as an admin would. */
async function signUpOwner(server: LocalCloud): Promise<void> {
  const response = await fetch(
    `${server.authServer.url}/identitytoolkit.googleapis.com/v1/projects/${PROJECT_ID}/accounts`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
      body: JSON.stringify(OWNER),
    },
  );
  if (!response.ok) throw new Error(`the owner's sign-up failed: ${String(response.status)}`);
}

// The cost of security rules on a point read: GetDocument over gRPC as a signed-in client, under a
// rule that makes one get() call, against the same read with no rules loaded, in one run on one
// server (two projects), alternating rounds. Run: npm run bench:rules
import { Metadata, credentials, makeGenericClientConstructor } from '@grpc/grpc-js';
import { startFirestoreServer } from '../local-cloud/src/firestore/index.ts';
import { firestoreProtos } from '../local-cloud/src/firestore/protos.ts';
import { median } from './median.ts';
import { recordBudgets } from './summary.ts';

const READS_PER_ROUND = 500;
const ROUNDS = 6;
const BUDGET = 1.5;
const RULES = `rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
    match /items/{id} {
      allow get: if get(/databases/$(database)/documents/members/$(request.auth.uid)).data.active == true;
    }
  }
}`;

const server = await startFirestoreServer({ strictIndexes: false });
const Client = makeGenericClientConstructor(firestoreProtos().service, 'Firestore');
const client = new Client(server.address, credentials.createInsecure()) as unknown as {
  GetDocument(req: object, md: Metadata, cb: (e: Error | null) => void): void;
  Commit(req: object, md: Metadata, cb: (e: Error | null) => void): void;
  close(): void;
};
const unsigned = (claims: object): string =>
  `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
const user = new Metadata();
user.set('authorization', `Bearer ${unsigned({ sub: 'ann', user_id: 'ann' })}`);
const owner = new Metadata();
owner.set('authorization', 'Bearer owner');
const call = (method: 'GetDocument' | 'Commit', req: object, md: Metadata): Promise<void> =>
  new Promise((resolve, reject) => {
    client[method](req, md, (e) => {
      if (e) reject(e);
      else resolve();
    });
  });
const name = (project: string, path: string) =>
  `projects/${project}/databases/(default)/documents/${path}`;

try {
  for (const project of ['demo-bench-rules-on', 'demo-bench-rules-off']) {
    await call(
      'Commit',
      {
        database: `projects/${project}/databases/(default)`,
        writes: [
          { update: { name: name(project, 'items/i1'), fields: { n: { integerValue: '1' } } } },
          {
            update: {
              name: name(project, 'members/ann'),
              fields: { active: { booleanValue: true } },
            },
          },
        ],
      },
      owner,
    );
  }
  const response = await fetch(
    `http://${server.address}/emulator/v1/projects/demo-bench-rules-on:securityRules`,
    { method: 'PUT', body: JSON.stringify({ rules: { files: [{ content: RULES }] } }) },
  );
  if (!response.ok) throw new Error(`loading the rules failed: ${await response.text()}`);

  const round = async (project: string): Promise<number> => {
    const start = performance.now();
    for (let i = 0; i < READS_PER_ROUND; i++)
      await call('GetDocument', { name: name(project, 'items/i1') }, user);
    return (performance.now() - start) / READS_PER_ROUND;
  };
  await round('demo-bench-rules-on');
  await round('demo-bench-rules-off');
  const on: number[] = [];
  const off: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    on.push(await round('demo-bench-rules-on'));
    off.push(await round('demo-bench-rules-off'));
  }
  const ratio = median(on) / median(off);
  console.log(
    `point read as a signed-in client, ${String(ROUNDS)} rounds of ${String(READS_PER_ROUND)}: ` +
      `${(median(on) * 1000).toFixed(0)} µs under a rule with one get(), ` +
      `${(median(off) * 1000).toFixed(0)} µs with rules off: ${ratio.toFixed(2)}× (budget ≤ ${String(BUDGET)}×)`,
  );
  recordBudgets([
    {
      bench: 'rules',
      figure: 'point read under a rule with one get(), vs rules off',
      measured: `${ratio.toFixed(2)}× (${(median(on) * 1000).toFixed(0)} vs ${(median(off) * 1000).toFixed(0)} µs)`,
      budget: `≤ ${String(BUDGET)}×`,
      ok: ratio <= BUDGET,
    },
  ]);
  if (ratio > BUDGET) process.exitCode = 1;
} finally {
  client.close();
  await server.stop();
}

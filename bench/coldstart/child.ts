// One cold start: a fresh process loads a functions module and serves its first ensureProfile call
// over HTTP, then reports the time each took (and its phases), whether heavy modules were loaded,
// and the p50 of the warm calls that follow.
import { createRequire } from 'node:module';
import type Express from 'express';
import { pathToFileURL } from 'node:url';
import { phases, startCallWindow, startLoadWindow } from './phases.ts';

const modulePath = process.argv[2] ?? '';
const warmCalls = Number(process.argv[3] ?? 0);
const require = createRequire(import.meta.url);
const express = require('express') as typeof Express;
// The Functions Framework has loaded express before it imports the functions: so does this.
const app = express();
// As the Functions Framework does: the parsed body, and the bytes as `rawBody` (the callables'
// body checks read them).
app.use(
  express.json({
    verify: (req, _res, buf) => {
      (req as { rawBody?: Buffer }).rawBody = buf;
    },
  }),
);
startLoadWindow();
const started = performance.now();
const loaded = (await import(pathToFileURL(modulePath).href)) as Record<
  string,
  (req: unknown, res: unknown) => unknown
>;
const imported = performance.now();
const ownLoadMs = imported - started - startCallWindow();
phases.load.modules['(own code)'] = (phases.load.modules['(own code)'] ?? 0) + ownLoadMs;

const handler = loaded.ensureProfile;
if (handler === undefined) throw new Error(`${modulePath} exports no ensureProfile`);
app.post('/', (req, res) => void handler(req, res));
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const address = server.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;

const token = unsignedIdToken(`bench-${String(process.pid)}`);
const call = async () => {
  const response = await fetch(`http://127.0.0.1:${String(port)}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ data: {} }),
  });
  return (await response.json()) as { result?: unknown; error?: unknown };
};
const body = await call();
const served = performance.now();
const firstCall = structuredClone(phases);
const warm: number[] = [];
for (let i = 0; i < warmCalls && body.result !== undefined; i++) {
  const before = performance.now();
  await call();
  warm.push(performance.now() - before);
}
warm.sort((a, b) => a - b);
server.close();

const heavy = Object.keys(require.cache).filter((file) =>
  /\/node_modules\/(sharp|@google-cloud\/scheduler|@grpc\/grpc-js)\//.test(file),
);
process.stdout.write(
  JSON.stringify({
    importMs: imported - started,
    firstCallMs: served - imported,
    phases: firstCall,
    warmP50Ms: warm[Math.floor(warm.length / 2)] ?? null,
    ok: body.result !== undefined,
    error: body.error,
    heavy: [...new Set(heavy.map((file) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(file)?.[1]))],
  }) + '\n',
);
process.exit(0);

function unsignedIdToken(uid: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ uid, sub: uid, user_id: uid, aud: 'demo-bench', iss: 'https://securetoken.google.com/demo-bench', iat: now, exp: now + 3600, auth_time: now })}.`;
}

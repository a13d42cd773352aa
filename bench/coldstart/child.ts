// One cold start: a fresh process loads a functions module and serves its first ensureProfile call
// over HTTP, then reports the time each took and whether heavy modules were loaded.
import { createRequire } from 'node:module';
import type Express from 'express';
import { pathToFileURL } from 'node:url';

const modulePath = process.argv[2] ?? '';
const started = performance.now();
const loaded = (await import(pathToFileURL(modulePath).href)) as Record<
  string,
  (req: unknown, res: unknown) => unknown
>;
const imported = performance.now();

const require = createRequire(import.meta.url);
const express = require('express') as typeof Express;
const app = express();
app.use(express.json());
const handler = loaded.ensureProfile;
if (handler === undefined) throw new Error(`${modulePath} exports no ensureProfile`);
app.post('/', (req, res) => void handler(req, res));
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const address = server.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;

const token = unsignedIdToken(`bench-${String(process.pid)}`);
const response = await fetch(`http://127.0.0.1:${String(port)}/`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ data: {} }),
});
const body = (await response.json()) as { result?: unknown; error?: unknown };
const served = performance.now();
server.close();

const heavy = Object.keys(require.cache).filter((file) =>
  /\/node_modules\/(sharp|@google-cloud\/scheduler)\//.test(file),
);
process.stdout.write(
  JSON.stringify({
    importMs: imported - started,
    firstCallMs: served - imported,
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

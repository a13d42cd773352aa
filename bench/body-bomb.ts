// `node bench/body-bomb.ts framework|local-cloud`: 1 GB of zeros gzipped into about 1 MB, posted to a
// server whose body reader is either the Functions Framework's (body-parser 2 as firebase-functions
// installs it, with the framework's 1024 MB limit and rawBody kept) or local-cloud's functions
// front (`readRequestBody`, 32 MB cap). Prints the status, the time to the answer and the peak RSS
// above the start: what one such request costs an instance before any function code runs.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { readRequestBody } from '../local-cloud/src/host/request-body.ts';

type Next = (error?: { status?: number; message?: string }) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

const which = process.argv[2];
if (which !== 'framework' && which !== 'local-cloud') {
  process.stderr.write('usage: node bench/body-bomb.ts framework|local-cloud\n');
  process.exit(2);
}
const requireFromFunctions = createRequire(
  new URL('../node_modules/firebase-functions/package.json', import.meta.url),
);
const bodyParser = requireFromFunctions('body-parser') as {
  json: (options: {
    limit: string;
    verify: (req: unknown, res: unknown, buf: Buffer) => void;
  }) => Middleware;
};

const member = gzipSync(Buffer.alloc(10 * 1024 * 1024), { level: 9 });
const bomb = Buffer.concat(Array.from({ length: 100 }, () => member));

function handler(): (req: IncomingMessage, res: ServerResponse) => void {
  if (which === 'framework') {
    const json = bodyParser.json({ limit: '1024mb', verify: () => undefined });
    return (req, res) => {
      json(req, res, (error) => {
        res.statusCode = error?.status ?? 200;
        res.end(error?.message ?? 'ok');
      });
    };
  }
  return (req, res) => {
    readRequestBody(req, 32 * 1024 * 1024).then(
      () => res.end('ok'),
      (error: unknown) => {
        res.statusCode = (error as { status?: number }).status ?? 400;
        res.setHeader('Connection', 'close');
        res.end(String(error));
      },
    );
  };
}

const baseRss = process.memoryUsage().rss;
let peakRss = baseRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 5);
const server = createServer(handler());
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  const started = performance.now();
  void fetch(`http://127.0.0.1:${String(port)}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: bomb,
  }).then(async (answer) => {
    const text = await answer.text();
    clearInterval(sampler);
    const ms = Math.round(performance.now() - started);
    const mb = Math.round((peakRss - baseRss) / 1024 / 1024);
    process.stdout.write(
      `${which}: ${String(answer.status)} "${text.slice(0, 60)}" in ${String(ms)} ms, ` +
        `peak RSS +${String(mb)} MB (bomb ${String(Math.round(bomb.length / 1024))} KB)\n`,
    );
    server.close();
  });
});

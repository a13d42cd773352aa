// Serves a built single-page console (static files, no dev server) and forwards path prefixes to
// the services it shows, so the page talks to one origin and needs no CORS from any of them.
// Whoever reaches it reaches every service with the console's admin rights, so a request to a
// foreign Host (DNS rebinding) or from a foreign Origin is refused before anything is forwarded.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { AccessPolicy } from '../net/access-policy.ts';
import type { AccessOptions } from '../net/access-policy.ts';
import { listen } from '../net/listen.ts';

/** `allowedHosts` and `allowedOrigins`: who besides loopback may use it (net/access-policy.ts). */
export interface ConsoleServerOptions extends AccessOptions {
  /** The built files; index.html answers every path that is no file. */
  readonly dir: string;
  readonly host: string;
  readonly port: number;
  /** Path prefix (`/control`) to the service's origin (`http://127.0.0.1:4400`). */
  readonly upstreams: Readonly<Record<string, string>>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export async function startConsoleServer(options: ConsoleServerOptions): Promise<Server> {
  if (!existsSync(join(options.dir, 'index.html'))) {
    throw new Error(`The console is not built: ${join(options.dir, 'index.html')} is missing`);
  }
  const access = new AccessPolicy(options, options.host);
  const server = createServer((req, res) => {
    if (access.refuse(req, res)) {
      req.resume();
      return;
    }
    const url = req.url ?? '/';
    for (const [prefix, origin] of Object.entries(options.upstreams)) {
      if (url !== prefix && !url.startsWith(`${prefix}/`)) continue;
      const target = new URL(url.slice(prefix.length) || '/', origin);
      const { host: _host, ...headers } = req.headers;
      const upstream = request(target, { method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        // Event streams must reach the page as they are written, not when a buffer fills.
        res.flushHeaders();
        answer.pipe(res);
      });
      upstream.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`${prefix} is unreachable: ${error.message}`);
      });
      res.once('close', () => upstream.destroy());
      req.pipe(upstream);
      return;
    }
    const path = normalize(decodeURIComponent(new URL(url, 'http://local').pathname));
    let file = join(options.dir, path);
    if (!file.startsWith(options.dir) || !existsSync(file) || statSync(file).isDirectory()) {
      file = join(options.dir, 'index.html');
    }
    const hashed = file.includes('/assets/');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      // Vite names assets by content hash, so they can be kept; index.html must always be fresh.
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  await listen(server, options.host, options.port, 'console');
  return server;
}

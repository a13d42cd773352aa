// The console's static files, with every service it reaches proxied under its own origin.
import type { Server } from 'node:http';
import { startConsoleServer } from '../control/console-server.ts';
import type { AccessOptions } from '../net/access-policy.ts';
import type { Backends } from './backends.ts';
import { portOf } from './port-of.ts';

export async function startConsole(
  console: { readonly dir: string; readonly port: number },
  host: string,
  control: Server,
  backends: Backends,
  access: AccessOptions,
): Promise<{ server: Server; url: string }> {
  const origin = (port: number) => `http://${host}:${String(port)}`;
  const server = await startConsoleServer({
    dir: console.dir,
    host,
    port: console.port,
    ...access,
    upstreams: {
      '/control': origin(portOf(control)),
      '/firestore': origin(backends.firestoreServer.port),
      '/auth': origin(backends.authServer.port),
      '/storage': origin(backends.storageServer.port),
    },
  });
  return { server, url: origin(portOf(server)) };
}

import type { Server } from 'node:http';

/**
 * How long an idle keep-alive connection stays open. Node's default is 5 s; the Google client
 * libraries pool their sockets, and a request sent on one just as the server closes it fails with
 * ECONNRESET, which the real services (whose front ends keep idle connections for minutes) never
 * cause. Stopping a service still closes every connection (close.ts).
 */
export const IDLE_CONNECTION_MS = 120_000;

export function keepIdleConnections<S extends Server>(server: S): S {
  server.keepAliveTimeout = IDLE_CONNECTION_MS;
  return server;
}

import { createServer } from 'node:net';
import { ServerCredentials } from '@grpc/grpc-js';
import type { Server } from '@grpc/grpc-js';
import type { Options } from '@grpc/proto-loader';
import { listen, PortInUseError } from './listen.ts';

/**
 * How local-cloud's gRPC services decode messages: camelCase fields, int64 as strings (no precision
 * lost), enums by name, bytes as Buffers, and oneofs named, as the Google client libraries send them.
 */
export const PROTO_OPTIONS: Options = {
  keepCase: false,
  longs: String,
  enums: String,
  bytes: Buffer,
  defaults: false,
  oneofs: true,
};

/**
 * Binds a gRPC server without TLS; a taken port is reported as a PortInUseError naming it. A fixed
 * port is tried with a plain listener first: grpc-js logs its own bind failure to stderr
 * ("E No address added out of total 1 resolved") before answering, which would print above the
 * PortInUseError.
 */
export async function bindInsecure(
  server: Server,
  host: string,
  port: number,
  component: string,
): Promise<number> {
  if (port !== 0) await probeFree(host, port, component);
  return new Promise((resolve, reject) => {
    server.bindAsync(
      `${host}:${String(port)}`,
      ServerCredentials.createInsecure(),
      (error, bound) => {
        if (error === null) {
          resolve(bound);
          return;
        }
        // grpc-js says "No address added out of total 1 resolved" when the port is taken.
        reject(
          /No address added/.test(error.message) && port !== 0
            ? new PortInUseError(component, host, port)
            : error,
        );
      },
    );
  });
}

/** Resolves once `port` could be listened on (and is let go again); a PortInUseError if taken. */
async function probeFree(host: string, port: number, component: string): Promise<void> {
  const probe = createServer();
  await listen(probe, host, port, component);
  await new Promise<void>((resolve) => {
    probe.close(() => {
      resolve();
    });
  });
}

/**
 * Stops a gRPC server: calls in flight get `graceMs` to finish, then whatever still runs (a call
 * waiting on a lock, a stream no client ends) is cut, so a stop never hangs on a client.
 */
export function stopGracefully(server: Server, graceMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

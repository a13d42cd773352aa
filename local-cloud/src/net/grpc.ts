import { ServerCredentials } from '@grpc/grpc-js';
import type { Server } from '@grpc/grpc-js';
import type { Options } from '@grpc/proto-loader';
import { PortInUseError } from './listen.ts';

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

/** Binds a gRPC server without TLS; a taken port is reported as a PortInUseError naming it. */
export function bindInsecure(
  server: Server,
  host: string,
  port: number,
  component: string,
): Promise<number> {
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

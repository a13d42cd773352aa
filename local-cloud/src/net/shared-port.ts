import { createServer } from 'node:net';
import type { Server as NetServer, Socket } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { ServerCredentials } from '@grpc/grpc-js';
import type { Server as GrpcServer } from '@grpc/grpc-js';
import { listen } from './listen.ts';

// Every HTTP/2 connection opens with this preface; no HTTP/1.1 request line starts with "PRI ".
const PREFACE = Buffer.from('PRI * HTTP/2.0');

export interface SharedPort {
  readonly port: number;
  /**
   * Stops accepting and destroys every connection still open. Shut the gRPC and HTTP servers down
   * first for a graceful end; whatever they left (a client that never hung up) goes here.
   */
  close(): Promise<void>;
}

/**
 * One port for gRPC and HTTP/1.1, as the Emulator Suite's Firestore has it: each connection's
 * first bytes decide. The HTTP/2 preface goes to the gRPC server, anything else to the HTTP
 * server. A taken port is a PortInUseError (from listen.ts), and grpc-js is never asked to bind.
 */
export async function listenShared(
  grpcServer: GrpcServer,
  httpServer: HttpServer,
  host: string,
  port: number,
  component: string,
): Promise<SharedPort> {
  const injector = grpcServer.createConnectionInjector(ServerCredentials.createInsecure());
  const open = new Set<Socket>();
  const server: NetServer = createServer({ pauseOnConnect: true }, (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    let head = Buffer.alloc(0);
    const onError = (): void => {
      socket.destroy();
    };
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const n = Math.min(head.length, PREFACE.length);
      const couldBeHttp2 = head.subarray(0, n).equals(PREFACE.subarray(0, n));
      if (couldBeHttp2 && head.length < PREFACE.length) return;
      socket.off('data', onData);
      socket.off('error', onError);
      socket.pause();
      // Put the peeked bytes back for whichever server reads the connection from the start.
      socket.unshift(head);
      if (couldBeHttp2) injector.injectConnection(socket);
      else {
        httpServer.emit('connection', socket);
        // http.Server's parser reads the socket's handle directly; resuming replays the bytes
        // put back above through its 'data' listener before the handle delivers anything new.
        socket.resume();
      }
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.resume();
  });
  await listen(server, host, port, component);
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const socket of open) socket.destroy();
      }),
  };
}

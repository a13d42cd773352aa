import type { Server } from 'node:net';

/**
 * An error for a port someone else holds, naming the port and the component that wanted it. It
 * gives no advice: how to free or move a port is the embedding program's to say (`npm start`
 * points at firebase.json).
 */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  readonly component: string;
  readonly host: string;
  readonly port: number;

  constructor(component: string, host: string, port: number) {
    super(`Port ${port} on ${host} is already in use (needed by local-cloud's ${component}).`);
    this.name = 'PortInUseError';
    this.component = component;
    this.host = host;
    this.port = port;
  }
}

export function listen(
  server: Server,
  host: string,
  port: number,
  component: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(component, host, port) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

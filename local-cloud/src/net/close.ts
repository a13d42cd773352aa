import type { Server } from 'node:http';

/** Closes a server and its idle keep-alive connections, so a stop leaves no open handles. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
    server.closeAllConnections();
  });
}

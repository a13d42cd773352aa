import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import type { FunctionDescription } from './endpoints.ts';

export interface HttpFunction {
  readonly description: FunctionDescription;
  readonly handler: (req: unknown, res: unknown) => unknown;
}

/** Request bodies above this are refused, as Cloud Functions refuses bodies over 32 MB. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Serves callables and HTTPS functions at the Functions emulator's URL scheme,
 * `/{project}/{region}/{name}[/rest]`. Bodies are parsed as the Functions Framework does before
 * handing the request to firebase-functions: `rawBody` always, `body` as JSON, text or form data by
 * content type.
 */
export async function serveHttpFunctions(options: {
  host: string;
  port: number;
  projectId: string;
  functions: readonly HttpFunction[];
}): Promise<Server> {
  const byRoute = new Map(
    options.functions.map((fn) => [`${fn.description.region}/${fn.description.name}`, fn]),
  );
  const app = express();
  app.disable('x-powered-by');
  app.use(express.raw({ type: () => true, limit: MAX_BODY_BYTES }));
  app.use(parseBody);

  app.all('/:project/:region/:name{/*rest}', (req: Request, res: Response, next: NextFunction) => {
    const { project, region, name } = req.params as Record<string, string>;
    const fn = byRoute.get(`${region}/${name}`);
    if (project !== options.projectId || fn === undefined) {
      res.status(404).json({
        error: {
          status: 'NOT_FOUND',
          message: `Function ${project}/${region}/${name} does not exist`,
        },
      });
      return;
    }
    // The function sees the path below its own name, as in production.
    const prefix = `/${project}/${region}/${name}`;
    req.url = req.url.slice(prefix.length) || '/';
    Promise.resolve(fn.handler(req, res)).catch(next);
  });

  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: { status: 'NOT_FOUND', message: `No function at ${req.path}` } });
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status =
      typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
    if (!res.headersSent)
      res.status(Number.isInteger(status) ? status : 500).json({
        error: { message: status === 413 ? 'Request body too large' : 'Function crashed' },
      });
  });

  return new Promise((resolve, reject) => {
    const server = app.listen(options.port, options.host);
    server.once('listening', () => {
      resolve(server);
    });
    server.once('error', reject);
  });
}

function parseBody(req: Request, res: Response, next: NextFunction): void {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  (req as Request & { rawBody: Buffer }).rawBody = raw;
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) {
    req.body = type.includes('application/json') ? undefined : {};
  } else if (type.includes('application/json')) {
    try {
      req.body = JSON.parse(raw.toString('utf8')) as unknown;
    } catch {
      res
        .status(400)
        .json({ error: { status: 'INVALID_ARGUMENT', message: 'Body is not valid JSON' } });
      return;
    }
  } else if (type.startsWith('text/')) {
    req.body = raw.toString('utf8');
  } else if (type.includes('application/x-www-form-urlencoded')) {
    req.body = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  } else {
    req.body = raw;
  }
  next();
}

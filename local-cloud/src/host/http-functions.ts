import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { AccessPolicy } from '../net/access-policy.ts';
import type { AccessOptions } from '../net/access-policy.ts';
import type { FunctionDescription } from './endpoints.ts';
import { DEFAULT_MAX_REQUEST_BYTES, RequestBodyError, readRequestBody } from './request-body.ts';

export interface HttpFunction {
  readonly description: FunctionDescription;
  readonly handler: (req: unknown, res: unknown) => unknown;
}

/**
 * Serves callables and HTTPS functions at the Functions emulator's URL scheme,
 * `/{project}/{region}/{name}[/rest]`. Bodies are parsed as the Functions Framework does before
 * handing the request to firebase-functions: inflated, `rawBody` always, `body` as JSON (objects
 * and arrays only, as body-parser's strict mode), text or form data by content type. Unlike the
 * framework, the decoded body is capped at `maxBodyBytes` (32 MB by default, the front's own limit).
 * Pages from foreign origins and requests to foreign hosts are refused first (`access`): the
 * emulator's callables take unsigned ID tokens and answer any origin's preflight
 * (FIREBASE_DEBUG_FEATURES' enableCors), so anything that reaches them could act as any user.
 */
export async function serveHttpFunctions(options: {
  host: string;
  port: number;
  projectId: string;
  functions: readonly HttpFunction[];
  maxBodyBytes?: number;
  access?: AccessOptions;
}): Promise<Server> {
  const byRoute = new Map(
    options.functions.map((fn) => [`${fn.description.region}/${fn.description.name}`, fn]),
  );
  const app = express();
  app.disable('x-powered-by');
  const access = new AccessPolicy(options.access, options.host);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (access.refuse(req, res)) req.resume();
    else next();
  });
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  app.use((req: Request, res: Response, next: NextFunction) => {
    readRequestBody(req, limit).then(
      (raw) => {
        parseBody(req, raw, res, next);
      },
      (error: unknown) => {
        const status = error instanceof RequestBodyError ? error.status : 400;
        const message = error instanceof Error ? error.message : 'Bad request body';
        // What the client still sends of a refused body is never read: the connection closes.
        res.set('Connection', 'close');
        res.status(status).json({
          error: { status: status === 413 ? 'RESOURCE_EXHAUSTED' : 'INVALID_ARGUMENT', message },
        });
      },
    );
  });

  app.all('/:project/:region/:name{/*rest}', (req: Request, res: Response, next: NextFunction) => {
    const { project, region, name } = req.params as Record<string, string>;
    const fn = byRoute.get(`${region}/${name}`);
    if (project !== options.projectId || fn === undefined) {
      // An app configured with another project id calls here too: say which project is served.
      const served =
        project === options.projectId ? '' : `; this emulator serves project ${options.projectId}`;
      res.status(404).json({
        error: {
          status: 'NOT_FOUND',
          message: `Function ${project}/${region}/${name} does not exist${served}`,
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
        error: { message: 'Function crashed' },
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

/** body-parser's strict JSON: the first character past whitespace opens an object or array. */
const STRICT_JSON = /^[ \t\n\r]*[{[]/;

function parseBody(req: Request, raw: Buffer, res: Response, next: NextFunction): void {
  (req as Request & { rawBody: Buffer }).rawBody = raw;
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) {
    req.body = type.includes('application/json') ? undefined : {};
  } else if (type.includes('application/json')) {
    try {
      const text = raw.toString('utf8');
      if (!STRICT_JSON.test(text)) throw new SyntaxError('not an object or array');
      req.body = JSON.parse(text) as unknown;
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

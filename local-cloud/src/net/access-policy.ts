// Who may reach local-cloud's HTTP servers. They hold a developer's data across runs and honour
// `Bearer owner` and unsigned ID tokens, so without a policy any web page the developer browses
// could read and change it: cross-site with its own Origin, or through DNS rebinding, with its own
// name in the Host header. Both are refused before any route runs; requests with no Origin (the
// server SDKs, curl, scripts) are not a browser's and keep working.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What every local-cloud server accepts besides this machine's own names and pages. */
export interface AccessOptions {
  /**
   * Host names (or IP addresses), besides `localhost`, `127.0.0.1` and `[::1]`, that requests may
   * address in their `Host` header, on any port: a name this machine has on the LAN or behind a
   * tunnel. Pages served from these names are trusted as loopback ones are.
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Web origins, besides loopback ones (`http://localhost:*`, `http://127.0.0.1:*`,
   * `http://[::1]:*`), whose pages may call the services, e.g. `http://192.168.1.20:5173`.
   */
  readonly allowedOrigins?: readonly string[];
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** A host name, an IPv4 address or an IPv6 one in brackets. */
const HOST_NAME = /^(?:\[[0-9a-f:.]+\]|[a-z0-9._-]+)$/i;
/** What a Host header may hold: a host name, then an optional port. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::\d{1,5})?$/i;

export class AccessPolicy {
  private readonly hosts: ReadonlySet<string>;
  private readonly origins: ReadonlySet<string>;

  /**
   * `listenHost`, the address the server listens on, is an allowed Host too: the services and the
   * functions address each other by it. An option that names no host or origin is a TypeError.
   */
  constructor(options: AccessOptions = {}, listenHost?: string) {
    const configured = (options.allowedHosts ?? []).map((host) => {
      const name = canonicalHostName(host);
      if (name === undefined) {
        throw new TypeError(
          `allowedHosts: ${JSON.stringify(host)} is not a host name or IP address (give no scheme and no port)`,
        );
      }
      return name;
    });
    const own = listenHost === undefined ? undefined : canonicalHostName(listenHost);
    this.hosts = new Set([...LOOPBACK_HOSTS, ...configured, ...(own === undefined ? [] : [own])]);
    this.origins = new Set((options.allowedOrigins ?? []).map(canonicalOrigin));
  }

  /** Whether a `Host` header names this machine: loopback, allowed, or the listen host; any port. */
  hostAllowed(host: string): boolean {
    const name = HOST_HEADER.exec(host)?.[1];
    return name !== undefined && this.hosts.has(name.toLowerCase());
  }

  /**
   * Whether a page of `origin` (an `Origin` header) may call: one served from an allowed host name
   * on any port (loopback included), or an allowed origin. `null` (sandboxed frames, `file:` pages)
   * and anything malformed may not.
   */
  originAllowed(origin: string): boolean {
    const parsed = URL.parse(origin);
    if (parsed === null || parsed.origin !== origin) return false;
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    return this.hosts.has(parsed.hostname) || this.origins.has(parsed.origin);
  }

  /** Why `req` must not be served (a foreign Host or Origin), or undefined when it may be. */
  refusalOf(req: IncomingMessage): string | undefined {
    const { host, origin } = req.headers;
    // Every browser sends a Host; a request without one is an HTTP/1.0 tool's.
    if (host !== undefined && !this.hostAllowed(host)) {
      return `local-cloud does not answer requests addressed to ${JSON.stringify(host)}: it serves its loopback names and the allowed hosts (allowedHosts) only.`;
    }
    if (origin !== undefined && !this.originAllowed(origin)) {
      return `local-cloud does not answer web pages from ${JSON.stringify(origin)}: only loopback origins and the allowed origins (allowedOrigins) may call it.`;
    }
    return undefined;
  }

  /**
   * Answers 403 to a request from a foreign origin or addressed to a foreign host: true when it
   * did. No CORS header is set, so a page cannot even read the refusal. The body has Google's
   * error shape (`{error: {code, message, status}}`), which the SDKs read; the connection closes,
   * since the request body is left unread.
   */
  refuse(req: IncomingMessage, res: ServerResponse): boolean {
    const message = this.refusalOf(req);
    if (message === undefined) return false;
    const text = JSON.stringify({ error: { code: 403, message, status: 'PERMISSION_DENIED' } });
    res.writeHead(403, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      Connection: 'close',
    });
    res.end(text);
    return true;
  }
}

/** A host name as a Host header carries it (lowercase, IPv6 in brackets); undefined if none. */
function canonicalHostName(name: string): string | undefined {
  const bracketed = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
  return HOST_NAME.test(bracketed) ? bracketed.toLowerCase() : undefined;
}

/** An allowed origin as browsers send it (`http://a.example:5173`); a TypeError if it is none. */
function canonicalOrigin(origin: string): string {
  const parsed = URL.parse(origin);
  const bare =
    parsed !== null &&
    (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.pathname === '/' &&
    parsed.search === '' &&
    parsed.hash === '';
  if (!bare) {
    throw new TypeError(
      `allowedOrigins: ${JSON.stringify(origin)} is not a web origin such as http://192.168.1.20:5173`,
    );
  }
  return parsed.origin;
}

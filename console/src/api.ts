// How the console reaches each service: through its own origin, which forwards /control, /firestore,
// /auth and /storage to them (local-cloud's console server), with admin rights where a service has
// them (`Bearer owner`, as the Emulator Suite UI does).

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export const ADMIN = { authorization: 'Bearer owner' };

/**
 * A JSON request; a non-2xx answer throws with the service's own message. Every request but a GET
 * declares JSON, body or none: the control API refuses a POST, PUT or DELETE that does not.
 */
export async function request<T>(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const response = await fetch(url, {
    method,
    headers: {
      ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!response.ok) throw new ApiError(response.status, messageOf(parsed) ?? response.statusText);
  return parsed as T;
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (Array.isArray(body)) return messageOf(body[0]);
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as { error?: unknown; message?: unknown };
  if (typeof record.error === 'string') return record.error;
  if (typeof record.error === 'object' && record.error !== null) {
    const message = (record.error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return typeof record.message === 'string' ? record.message : undefined;
}

export const control = (path: string) => `/control${path}`;

export interface Health {
  readonly projectId: string;
  readonly storageBucket: string;
}

let health: Promise<Health> | undefined;
/** The project and bucket, asked once. */
export function project(): Promise<Health> {
  health ??= request<Health>(control('/health'));
  return health;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

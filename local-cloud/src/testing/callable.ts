// A callable request as an app sends it, with no SDK: what a test needs to call a function the
// way the client SDKs do, and to read its error the way they surface it.

/** An error a callable answered with, as the client SDKs surface it. */
export class CallableError extends Error {
  readonly code: string;
  readonly details: unknown;
  readonly httpStatus: number;

  constructor(code: string, message: string, details: unknown, httpStatus: number) {
    super(message);
    this.name = 'CallableError';
    this.code = code;
    this.details = details;
    this.httpStatus = httpStatus;
  }
}

/**
 * A callable request as the client SDKs send it (`{data}`, a Bearer ID token, an App Check token)
 * to `{functionsUrl}/{name}`; its result, or a CallableError with the answer's code.
 */
export async function postCallable<T>(
  functionsUrl: string,
  projectId: string,
  name: string,
  data: unknown,
  options: { idToken: string | undefined; appCheck: boolean },
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.idToken !== undefined) headers.authorization = `Bearer ${options.idToken}`;
  if (options.appCheck) headers['x-firebase-appcheck'] = fakeAppCheckToken(projectId);
  const response = await fetch(`${functionsUrl}/${name}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ data: data ?? null }),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CallableError('internal', text.slice(0, 200), undefined, response.status);
  }
  const body = parsed as {
    result?: unknown;
    error?: { status?: string; message?: string; details?: unknown };
  };
  if (body.error !== undefined) {
    const code = (body.error.status ?? 'INTERNAL').toLowerCase().replaceAll('_', '-');
    throw new CallableError(code, body.error.message ?? '', body.error.details, response.status);
  }
  return body.result as T;
}

/** An unsigned App Check token, which firebase-functions decodes without verifying in emulator mode. */
export function fakeAppCheckToken(projectId: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: `1:000:web:${projectId}`, aud: [`projects/${projectId}`], iat: now, exp: now + 3600 })}.`;
}

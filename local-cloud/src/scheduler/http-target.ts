import type { StoredJob } from './jobs.ts';

/** `https://{region}-{project}.cloudfunctions.net/{name}`: a function's production URL. */
const FUNCTION_URL =
  /^https:\/\/([a-z]+-[a-z]+\d+)-([a-z0-9-]+)\.cloudfunctions\.net\/([A-Za-z0-9_-]+)(\/.*)?$/;

/**
 * Where a target URI is served locally: a function's production URL maps to the function host's
 * `/{project}/{region}/{name}`, any other URI is called as it is.
 */
export function localUrlOf(uri: string, functionsBaseUrl: string | undefined): string {
  const match = FUNCTION_URL.exec(uri);
  if (match === null || functionsBaseUrl === undefined) return uri;
  const [, region, project, name, rest] = match;
  return `${functionsBaseUrl}/${project ?? ''}/${region ?? ''}/${name ?? ''}${rest ?? ''}`;
}

/**
 * Sends a job's HTTP target as Cloud Scheduler does: its method, headers and body, the
 * `X-CloudScheduler*` headers, and for an OIDC target an unsigned emulator-style bearer token (the
 * functions accept it only when they run on local-cloud).
 */
export function httpFirer(functionsBaseUrl: () => string | undefined) {
  return async (job: StoredJob, scheduleTime: Date): Promise<number> => {
    const target = job.httpTarget;
    if (target?.uri === undefined) throw new Error(`Job ${job.name} has no HTTP target`);
    const headers: Record<string, string> = {
      ...target.headers,
      'X-CloudScheduler': 'true',
      'X-CloudScheduler-JobName': job.name.slice(job.name.lastIndexOf('/') + 1),
      'X-CloudScheduler-ScheduleTime': scheduleTime.toISOString(),
    };
    if (target.oidcToken !== undefined) {
      headers.Authorization = `Bearer ${unsignedOidcToken(target.oidcToken, target.uri)}`;
    }
    const method = target.httpMethod ?? 'POST';
    const response = await fetch(localUrlOf(target.uri, functionsBaseUrl()), {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' || target.body === undefined
        ? {}
        : { body: new Uint8Array(target.body) }),
    });
    await response.arrayBuffer();
    return response.status;
  };
}

function unsignedOidcToken(
  token: NonNullable<NonNullable<StoredJob['httpTarget']>['oidcToken']>,
  uri: string,
): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({
    iss: 'https://accounts.google.com',
    aud: token.audience ?? uri,
    email: token.serviceAccountEmail,
    email_verified: true,
    iat: now,
    exp: now + 3600,
  })}.`;
}

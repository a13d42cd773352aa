// The CORS preflight every local-cloud HTTP service answers alike: the browser SDKs call them
// cross-origin, so each must let a POST through with the headers the SDK asks for.
import { expect } from 'vitest';

/**
 * Sends the preflight a browser sends before a POST from `origin` with `requestHeaders`, and checks
 * it is let through: 204, the origin echoed and the asked headers allowed. The answer is returned
 * for what a service adds.
 */
export async function expectPreflightAllowed(
  url: string,
  origin: string,
  requestHeaders: string,
): Promise<Response> {
  const preflight = await fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': requestHeaders,
    },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
  expect(preflight.headers.get('access-control-allow-headers')).toBe(requestHeaders);
  return preflight;
}

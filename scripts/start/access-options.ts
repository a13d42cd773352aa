// Who besides this machine may reach `npm start`'s services: the names it may be addressed by and
// the web origins whose pages may call it, from `--allow-host` / `--allow-origin` (each may be
// repeated) and LOCAL_CLOUD_ALLOWED_HOSTS / LOCAL_CLOUD_ALLOWED_ORIGINS (comma-separated), together.
import { AccessPolicy } from '@gadget/local-cloud';
import type { AccessOptions } from '@gadget/local-cloud';
import { UsageError } from '../cli/usage-error.ts';

export const ALLOWED_HOSTS_VARIABLE = 'LOCAL_CLOUD_ALLOWED_HOSTS';
export const ALLOWED_ORIGINS_VARIABLE = 'LOCAL_CLOUD_ALLOWED_ORIGINS';

/** The allowed hosts and origins; a UsageError naming the first value that is neither. */
export function accessOptions(
  flags: { readonly hosts?: readonly string[]; readonly origins?: readonly string[] },
  env: Readonly<Record<string, string | undefined>>,
): Required<AccessOptions> {
  const allowedHosts = [...(flags.hosts ?? []), ...listIn(env[ALLOWED_HOSTS_VARIABLE])];
  const allowedOrigins = [...(flags.origins ?? []), ...listIn(env[ALLOWED_ORIGINS_VARIABLE])];
  for (const host of allowedHosts) {
    refuseUnless(
      () => new AccessPolicy({ allowedHosts: [host] }),
      `--allow-host (or ${ALLOWED_HOSTS_VARIABLE}) takes host names or IP addresses without a port, not ${JSON.stringify(host)}`,
    );
  }
  for (const origin of allowedOrigins) {
    refuseUnless(
      () => new AccessPolicy({ allowedOrigins: [origin] }),
      `--allow-origin (or ${ALLOWED_ORIGINS_VARIABLE}) takes web origins such as http://192.168.1.20:5173, not ${JSON.stringify(origin)}`,
    );
  }
  return { allowedHosts, allowedOrigins };
}

function listIn(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function refuseUnless(check: () => unknown, message: string): void {
  try {
    check();
  } catch {
    throw new UsageError(message);
  }
}

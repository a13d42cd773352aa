import type { TestCloud } from '@gadget/local-cloud/testing';
import { signInApp } from '../../scripts/fleet/app-session.ts';
import type { AppSession } from '../../scripts/fleet/app-session.ts';
import { startTelemetryCloud } from './telemetry.ts';

/**
 * A product cloud for fleets of reference gadgets: the app is the Firebase JS SDK with no App
 * Check (as under npm start), and one account enlists every gadget, whose key rotations would
 * otherwise wait for the per-minute limit; `extra` adds or overrides params.
 */
export function startFleetCloud(extra: Record<string, string> = {}): Promise<TestCloud> {
  return startTelemetryCloud({
    APP_CHECK_ENFORCED: 'false',
    GLOBAL_CALL_LIMIT_PER_MINUTE: '100000',
    ...extra,
  });
}

/** A new account on `cloud`, and the companion app signed in as it (the fleet's AppSession). */
export async function fleetOwnerApp(cloud: TestCloud, name: string): Promise<AppSession> {
  const email = `${name}@gadget.test`;
  const password = `${name}-password-1`;
  await cloud.signUp({ email, password });
  return signInApp({
    projectId: cloud.projectId,
    authEmulator: cloud.cloud.authServer.hostAndPort,
    functionsUrl: cloud.functionsUrl,
    email,
    password,
  });
}

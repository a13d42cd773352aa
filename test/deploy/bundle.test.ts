// Installs functions/ the way Cloud Build does (its package.json and lib/ alone, production
// dependencies only, no workspace around it) and loads the bundle there. If lib/index.js still
// imported a workspace package, or a runtime dependency were missing from package.json, loading
// would fail here exactly as the deploy would.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLABLES } from '@gadget/shared';

const run = promisify(execFile);
const functionsDir = fileURLToPath(new URL('../../functions/', import.meta.url));

/** The deployed functions that are not callables, and what triggers them. */
const TRIGGERS: Record<
  string,
  | { kind: 'event'; type: string; retry: boolean }
  | { kind: 'https' }
  | { kind: 'schedule'; schedule: string }
> = {
  onUserCreated: { kind: 'event', type: 'google.firebase.auth.user.v2.created', retry: true },
  onUserDeleted: { kind: 'event', type: 'google.firebase.auth.user.v2.deleted', retry: true },
  ingest: { kind: 'https' },
  runSchedule: { kind: 'https' },
  firmwareDownload: { kind: 'https' },
  deviceWatchdog: { kind: 'schedule', schedule: 'every 5 minutes' },
  rolloutEvaluator: { kind: 'schedule', schedule: 'every 15 minutes' },
  alertClearFlush: { kind: 'schedule', schedule: 'every 1 minutes' },
  nightlyMaintenance: { kind: 'schedule', schedule: '0 3 * * *' },
  onAlertWritten: {
    kind: 'event',
    type: 'google.cloud.firestore.document.v1.written',
    retry: true,
  },
  onDeviceWritten: {
    kind: 'event',
    type: 'google.cloud.firestore.document.v1.written',
    retry: true,
  },
  onCommandWritten: {
    kind: 'event',
    type: 'google.cloud.firestore.document.v1.written',
    retry: true,
  },
  onOtaWritten: {
    kind: 'event',
    type: 'google.cloud.firestore.document.v1.written',
    retry: true,
  },
  onRolloutWritten: {
    kind: 'event',
    type: 'google.cloud.firestore.document.v1.written',
    retry: true,
  },
  onUploadFinalized: {
    kind: 'event',
    type: 'google.cloud.storage.object.v1.finalized',
    retry: true,
  },
};

interface Endpoint {
  platform: string;
  region: string[];
  availableMemoryMb: number;
  timeoutSeconds: number;
  maxInstances: number;
  callableTrigger?: Record<string, unknown>;
  eventTrigger?: { eventType: string; retry: boolean };
  httpsTrigger?: Record<string, unknown>;
  scheduleTrigger?: { schedule: string };
  secretEnvironmentVariables?: { key: string }[];
}

// Prints every export's name and __endpoint as JSON; runs in the installed copy.
const LIST_ENDPOINTS = `
const mod = await import(process.argv[1]);
const out = {};
for (const [name, fn] of Object.entries(mod)) out[name] = fn.__endpoint ?? null;
console.log(JSON.stringify(out));
`;

describe('the deployable functions bundle', () => {
  let dir: string;
  let endpoints: Record<string, Endpoint | null>;

  beforeAll(async () => {
    if (!existsSync(join(functionsDir, 'lib/index.js'))) {
      throw new Error('functions/lib/index.js is missing: run `npm run build` first');
    }
    dir = mkdtempSync(join(tmpdir(), 'gadget-deploy-'));
    cpSync(join(functionsDir, 'package.json'), join(dir, 'package.json'));
    cpSync(join(functionsDir, 'lib'), join(dir, 'lib'), { recursive: true });
    await run(
      'npm',
      ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: dir },
    );
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', LIST_ENDPOINTS, join(dir, 'lib/index.js')],
      { cwd: dir, env: { ...process.env, GCLOUD_PROJECT: 'demo-gadget' } },
    );
    endpoints = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, Endpoint>;
  }, 300_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs without the workspace and exports exactly the deployed functions', () => {
    const expected = [...Object.keys(CALLABLES), ...Object.keys(TRIGGERS)].sort();
    expect(Object.keys(endpoints).sort()).toEqual(expected);
  });

  it('declares every function as 2nd gen in us-central1 with bounded instances, memory and timeout', () => {
    for (const [name, endpoint] of Object.entries(endpoints)) {
      expect(endpoint, name).not.toBeNull();
      expect(endpoint?.platform, name).toBe('gcfv2');
      expect(endpoint?.region, name).toEqual(['us-central1']);
      expect(endpoint?.maxInstances, name).toBeGreaterThan(0);
      expect(endpoint?.maxInstances, name).toBeLessThanOrEqual(20);
      expect(endpoint?.availableMemoryMb, name).toBeGreaterThanOrEqual(256);
      expect(endpoint?.timeoutSeconds, name).toBeGreaterThan(0);
      expect(endpoint?.timeoutSeconds, name).toBeLessThanOrEqual(540);
    }
  });

  it('serves every contract as a callable', () => {
    for (const name of Object.keys(CALLABLES)) {
      expect(endpoints[name]?.callableTrigger, name).toEqual({});
      expect(endpoints[name]?.eventTrigger, name).toBeUndefined();
    }
  });

  it('subscribes the triggers to their events, with retries where they are idempotent', () => {
    for (const [name, trigger] of Object.entries(TRIGGERS)) {
      const endpoint = endpoints[name];
      if (trigger.kind === 'event') {
        expect(endpoint?.eventTrigger, name).toMatchObject({
          eventType: trigger.type,
          retry: trigger.retry,
        });
      } else if (trigger.kind === 'https') {
        expect(endpoint?.httpsTrigger, name).toBeDefined();
      } else {
        expect(endpoint?.scheduleTrigger?.schedule, name).toBe(trigger.schedule);
      }
    }
  });

  it('binds the claim-code secret to the functions that hash claim and invite codes, and no others', () => {
    const bound = Object.entries(endpoints)
      .filter(([, endpoint]) =>
        endpoint?.secretEnvironmentVariables?.some((s) => s.key === 'CLAIM_CODE_SECRET'),
      )
      .map(([name]) => name);
    expect(bound.sort()).toEqual(['acceptInvite', 'claimDevice', 'createInvite']);
  });
});

// What a callable's instance loads: a fresh process loads the deployed bundle as Cloud Functions
// does for ensureProfile (FUNCTION_TARGET) and serves its first call against local-cloud's
// Firestore (bench/coldstart/child.ts, the cold-start benchmark's probe). The image pipeline's sharp
// and the schedules' Cloud Scheduler client must not be among the modules loaded by then: each
// would add its load to every callable's cold start.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFirestoreServer } from '@gadget/local-cloud';
import { childEnv } from '../../bench/coldstart/child-env.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const bundle = `${root}functions/lib/index.js`;

interface Probe {
  ok: boolean;
  error?: unknown;
  heavy: string[];
  phases: { rpcs: number };
}

describe('the callable path of the deployed bundle', () => {
  let firestore: Awaited<ReturnType<typeof startFirestoreServer>>;
  let probe: Probe;

  beforeAll(async () => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
    firestore = await startFirestoreServer({ strictIndexes: false });
    const { stdout } = await run(
      process.execPath,
      [`${root}bench/coldstart/child.ts`, bundle, '0'],
      {
        cwd: root,
        env: childEnv(firestore.address, 'demo-callable-path'),
      },
    );
    probe = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Probe;
  }, 120_000);

  afterAll(async () => {
    await firestore.stop();
  });

  it('serves the first ensureProfile call, reading Firestore', () => {
    expect(probe.error).toBeUndefined();
    expect(probe.ok).toBe(true);
    expect(probe.phases.rpcs).toBeGreaterThan(0);
  });

  it('loads neither sharp nor @google-cloud/scheduler on the way', () => {
    expect(probe.heavy).not.toContain('sharp');
    expect(probe.heavy).not.toContain('@google-cloud/scheduler');
  });
});

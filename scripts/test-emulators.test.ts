// The command line of `npm run test:emulators`: its help, its refusals, and its portable list.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const script = (...args: string[]) =>
  spawnSync(process.execPath, ['scripts/test-emulators.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });

describe('npm run test:emulators', () => {
  it('prints its options with --help', () => {
    const result = script('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--firestore local-cloud');
  });

  it('refuses an unknown Firestore', () => {
    const result = script('--firestore', 'mongo');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--firestore must be official or local-cloud');
  });

  it('lists only integration test files that exist', async () => {
    const { PORTABLE_INTEGRATION_TESTS } = await import('./test-emulators-list.ts');
    for (const file of PORTABLE_INTEGRATION_TESTS) expect(existsSync(`${ROOT}${file}`)).toBe(true);
  });
});

// What `npm start` loads before it starts anything: a fresh process imports every module
// scripts/start.ts imports, and reports the npm packages loaded on the way (local-cloud's package
// probe). The Cloud Storage client is the test harness's (`@gadget/local-cloud/testing`), which the
// dev server must not pull in. firebase-admin is not checked here: `npm start` seeds and prints
// its banner through it (scripts/start/seed-local-cloud.ts, reminder-job-owner.ts); that
// local-cloud itself never loads it is local-cloud/test/entry-points.test.ts.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const START = `${root}scripts/start.ts`;
const PROBE = `${root}local-cloud/test/package-probe.ts`;

/** The modules scripts/start.ts imports for their values (type-only imports load nothing). */
function startImports(): string[] {
  const source = readFileSync(START, 'utf8');
  return [...source.matchAll(/^import (?!type )[^;'"]*? from '([^']+)';$/gms)].map(
    ([, specifier]) =>
      specifier?.startsWith('.')
        ? fileURLToPath(new URL(specifier, `file://${START}`))
        : (specifier ?? ''),
  );
}

describe('the modules `npm start` imports', () => {
  let imports: string[];
  let packages: string[];

  beforeAll(async () => {
    imports = startImports();
    const { stdout } = await run(process.execPath, [PROBE, ...imports], { cwd: root });
    packages = (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { packages: string[] })
      .packages;
  }, 60_000);

  it('include local-cloud and the start-up helpers', () => {
    expect(imports).toContain('@gadget/local-cloud');
    expect(imports).toContain(`${root}scripts/start/banner.ts`);
    expect(packages).toContain('@grpc/grpc-js');
  });

  it('load no Cloud Storage client', () => {
    expect(packages).not.toContain('@google-cloud/storage');
  });
});

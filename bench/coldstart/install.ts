// The two packages the cold-start benchmark compares, each installed alone the way Cloud Build
// installs a deployed functions source (production dependencies only, no workspace around it): the
// workspace's node_modules nests duplicate copies of google-gax and google-auth-library under
// firebase-tools' versions, which no deployed instance has.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, lstatSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Installed {
  readonly dir: string;
  /** The file the benchmark loads. */
  readonly entry: string;
  /** What `firebase deploy` uploads (package.json and the bundle), and what npm installed. */
  readonly sizes: { uploadBytes: number; nodeModulesBytes: number; nodeModulesFiles: number };
}

/** functions/package.json and lib/, as `firebase deploy` uploads them. */
export async function installDeployed(functionsDir: string): Promise<Installed> {
  const dir = mkdtempSync(join(tmpdir(), 'gadget-coldstart-deployed-'));
  cpSync(join(functionsDir, 'package.json'), join(dir, 'package.json'));
  cpSync(join(functionsDir, 'lib'), join(dir, 'lib'), { recursive: true });
  return install(dir, join(dir, 'lib/index.js'), ['package.json', 'lib']);
}

/**
 * A bare callable with only firebase-admin and firebase-functions (and `extra`, the floors' other
 * packages), at the deployed versions.
 */
export async function installBare(
  functionsDir: string,
  bareSource: string,
  extra: readonly string[] = [],
): Promise<Installed> {
  const { dependencies } = JSON.parse(readFileSync(join(functionsDir, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const dir = mkdtempSync(join(tmpdir(), 'gadget-coldstart-bare-'));
  const manifest = {
    name: 'bare-callable',
    private: true,
    type: 'module',
    dependencies: Object.fromEntries(
      ['firebase-admin', 'firebase-functions', ...extra].map((name) => {
        const version = dependencies[name];
        if (version === undefined) throw new Error(`functions/package.json has no ${name}`);
        return [name, version];
      }),
    ),
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  cpSync(bareSource, join(dir, 'index.ts'));
  return install(dir, join(dir, 'index.ts'), ['package.json', 'index.ts']);
}

async function install(dir: string, entry: string, uploaded: string[]): Promise<Installed> {
  await run(
    'npm',
    ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: dir },
  );
  const modules = tally(join(dir, 'node_modules'));
  return {
    dir,
    entry,
    sizes: {
      uploadBytes: uploaded.reduce((sum, path) => sum + tally(join(dir, path)).bytes, 0),
      nodeModulesBytes: modules.bytes,
      nodeModulesFiles: modules.files,
    },
  };
}

function tally(path: string): { bytes: number; files: number } {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return { bytes: stat.size, files: 1 };
  let bytes = 0;
  let files = 0;
  for (const name of readdirSync(path)) {
    const inner = tally(join(path, name));
    bytes += inner.bytes;
    files += inner.files;
  }
  return { bytes, files };
}

// Run as its own process: imports the modules named on the command line (and with `--start`,
// starts a local-cloud on free ports from the first one and stops it), then prints the npm packages
// that were loaded on the way, as JSON. A module hook sees every import, require and
// require.resolve, so a package pulled in deep inside a dependency is listed as well.
import { registerHooks } from 'node:module';
import type { startLocalCloud } from '../src/index.ts';

const PACKAGE_IN_PATH = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g;

const packages = new Set<string>();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    for (const [, name] of resolved.url.matchAll(PACKAGE_IN_PATH)) if (name) packages.add(name);
    return resolved;
  },
});

const start = process.argv.includes('--start');
const modules = process.argv.slice(2).filter((arg) => arg !== '--start');
const loaded: Record<string, unknown>[] = [];
for (const specifier of modules) loaded.push((await import(specifier)) as Record<string, unknown>);

if (start) {
  const root = loaded[0] as { startLocalCloud: typeof startLocalCloud };
  const cloud = await root.startLocalCloud({ logs: 'silent' });
  await cloud.stop();
}

process.stdout.write(`${JSON.stringify({ packages: [...packages].sort() })}\n`);

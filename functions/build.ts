// Builds lib/index.js, the bundle that `firebase deploy` uploads. Cloud Build installs only the
// dependencies in this package.json, so workspace packages (@gadget/shared) and zod are inlined and
// every npm runtime dependency stays external (loaded from node_modules, as in production).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  dependencies: Record<string, string>;
};
const runtimeDependencies = Object.keys(manifest.dependencies);

rmSync(`${root}lib`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  outfile: 'lib/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: true,
  // `pkg` and `pkg/sub/path` both stay external.
  external: runtimeDependencies.flatMap((name) => [name, `${name}/*`]),
  metafile: true,
  logLevel: 'warning',
});

const inputs = Object.keys(result.metafile.inputs);
const inlinedPackages = new Set(
  inputs.filter((path) => path.includes('node_modules/')).map((path) => packageName(path)),
);
console.log(
  `functions/lib/index.js: ${inputs.length} modules; inlined packages: ${[...inlinedPackages].join(', ') || 'none'}`,
);

function packageName(path: string): string {
  const rest = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length).split('/');
  return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? path);
}

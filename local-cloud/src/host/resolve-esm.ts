import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The file URL an `import` of `specifier` from `fromRequire`'s location would load. Node cannot
 * resolve with a foreign parent from ESM, and a require-resolve gives the CommonJS build, which is a
 * different module instance from the one an ESM bundle imports.
 */
export function resolveImport(
  fromRequire: NodeJS.Require,
  packageName: string,
  subpath: string,
): string {
  const entry = fromRequire.resolve(packageName);
  const marker = `node_modules/${packageName}/`;
  const root = entry.slice(0, entry.lastIndexOf(marker) + marker.length);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports?: Record<string, string | { import?: string; default?: string }>;
  };
  const target = manifest.exports?.[subpath];
  const file = typeof target === 'string' ? target : (target?.import ?? target?.default);
  if (file === undefined) throw new Error(`${packageName} does not export ${subpath} for import`);
  return pathToFileURL(join(root, file)).href;
}

// firebase-functions applies a param's declared default only under the Firebase CLI, which resolves
// params before it starts the functions. This does the same for local runs: every declared param that
// the .env files did not set gets its default, so `.value()` returns what a deploy would use.

import { resolveImport } from './resolve-esm.ts';

interface DeclaredParam {
  readonly name: string;
  readonly options?: { default?: unknown };
  readonly constructor: { name: string };
}

export async function applyParamDefaults(
  bundleRequire: NodeJS.Require,
): Promise<Record<string, string>> {
  // The same module instance the ESM bundle registered its params in.
  const { declaredParams } = (await import(
    resolveImport(bundleRequire, 'firebase-functions', './params')
  )) as {
    declaredParams: DeclaredParam[];
  };
  const resolved: Record<string, string> = {};
  for (const param of declaredParams) {
    const current = process.env[param.name];
    if (current === undefined) {
      const text = defaultAsEnv(param.options?.default);
      // No default, or one that is an expression over other params: left unset, as the CLI would
      // have prompted for it.
      if (text === undefined) continue;
      process.env[param.name] = text;
    }
    const value = process.env[param.name];
    if (value !== undefined && param.constructor.name !== 'SecretParam')
      resolved[param.name] = value;
  }
  return resolved;
}

/** A default as the environment carries it (list params are stored as JSON arrays). */
function defaultAsEnv(fallback: unknown): string | undefined {
  if (typeof fallback === 'string') return fallback;
  if (typeof fallback === 'number' || typeof fallback === 'boolean') return String(fallback);
  if (Array.isArray(fallback)) return JSON.stringify(fallback);
  return undefined;
}

// `firebase deploy` asks for every param that no functions/.env* file sets, defaults included, and
// `--non-interactive` (a CI deploy) fails on them. This resolves the functions' declared params as
// the Firebase CLI does for a deploy to a project with no .env file of its own, with the CLI's own
// code, from the files the repository ships: none may be left to ask for, and each must be its
// declared default.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { declaredParams } from 'firebase-functions/params';
import { describe, expect, it } from 'vitest';
import '../../functions/src/config.ts';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface ParamSpec {
  readonly name: string;
  readonly type: string;
  readonly default?: unknown;
}

interface FirebaseToolsParams {
  resolveParams: (options: {
    params: ParamSpec[];
    firebaseConfig: { projectId: string };
    userEnvs: Record<string, string>;
    codebase: string;
    nonInteractive: boolean;
    // Skips Secret Manager, which a test cannot reach; secrets are not read from .env files.
    isEmulator: boolean;
  }) => Promise<{ paramValues: Record<string, ResolvedParam> }>;
}
/** A value from a .env file is its text; the CLI's own (PROJECT_ID, …) are ParamValues. */
type ResolvedParam = string | { rawValue: string };
interface FirebaseToolsEnv {
  loadUserEnvs: (options: {
    functionsSource: string;
    projectDir: string;
    projectId: string;
  }) => Record<string, string>;
}

const { resolveParams } =
  require('firebase-tools/lib/deploy/functions/params.js') as FirebaseToolsParams;
const { loadUserEnvs } = require('firebase-tools/lib/functions/env.js') as FirebaseToolsEnv;

const specs = (declaredParams as unknown as { toSpec(): ParamSpec }[]).map((param) =>
  param.toSpec(),
);
const plain = specs.filter((spec) => spec.type !== 'secret');
const resolve = (userEnvs: Record<string, string>) =>
  resolveParams({
    params: specs,
    firebaseConfig: { projectId: 'gadget-prod' },
    userEnvs,
    codebase: 'default',
    nonInteractive: true,
    isEmulator: true,
  });

describe('functions/.env for a non-interactive deploy', () => {
  it('answers every declared param, each with its declared default', async () => {
    expect(plain.length).toBeGreaterThanOrEqual(13);
    const userEnvs = loadUserEnvs({
      functionsSource: `${ROOT}functions`,
      projectDir: ROOT,
      projectId: 'gadget-prod',
    });
    const { paramValues } = await resolve(userEnvs);
    for (const spec of plain) {
      expect(paramValues[spec.name], spec.name).toBe(String(spec.default));
    }
    // Nothing else: a name there that no param declares would be a typo the deploy ignores.
    expect(Object.keys(userEnvs).sort()).toEqual(plain.map((spec) => spec.name).sort());
  });

  it('is what stands between the deploy and a prompt: without it the CLI refuses', async () => {
    await expect(resolve({})).rejects.toThrow(
      /In non-interactive mode but have no value for the following environment variables: APP_URL/,
    );
  });
});

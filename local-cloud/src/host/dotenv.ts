import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The variables the Firebase CLI gives functions when emulating: `.env`, then `.env.<project>`, then
 * `.env.local` (emulator only), later files overriding earlier ones; and secrets from `.secret.local`,
 * which the CLI reads instead of Secret Manager when emulating.
 */
export function readFunctionsEnv(functionsDir: string, projectId: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const file of ['.env', `.env.${projectId}`, '.env.local', '.secret.local']) {
    let text: string;
    try {
      text = readFileSync(join(functionsDir, file), 'utf8');
    } catch {
      continue;
    }
    for (const [key, value] of Object.entries(parseEnv(text))) {
      if (value !== undefined) env[key] = value;
    }
  }
  return env;
}

import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { LOCAL_CLAIM_CODE_SECRET } from '../start/seed-local-cloud.ts';

/**
 * The Functions emulator takes secrets from `functions/.secret.local` and otherwise asks Secret
 * Manager, which a demo project cannot reach: `claimDevice` would then run without its key. When
 * the file does not set CLAIM_CODE_SECRET, the local demo key is added to it (the file is ignored
 * by git), so the emulated functions and `npm run seed` hash claim codes alike. Returns the key.
 */
export function ensureEmulatorClaimCodeSecret(functionsDir: string): string {
  // Only this file: the emulator takes secrets from nowhere else, not even .env.local.
  const file = join(functionsDir, '.secret.local');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const existing = parseEnv(text).CLAIM_CODE_SECRET;
  if (existing !== undefined) return existing;
  const separator = text !== '' && !text.endsWith('\n') ? '\n' : '';
  appendFileSync(file, `${separator}CLAIM_CODE_SECRET=${LOCAL_CLAIM_CODE_SECRET}\n`);
  return LOCAL_CLAIM_CODE_SECRET;
}

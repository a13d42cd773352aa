import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseOptions, UsageError } from '../cli/usage-error.ts';

export const FIRMWARE_KEYGEN_HELP = `Usage: npm run firmware:keygen -- --out FILE

Makes the Ed25519 key pair firmware releases are signed with. The private key goes to FILE as
PKCS#8 PEM, readable by its owner only (an existing FILE is never replaced); keep it offline, it
is what npm run firmware:release -- --signing-key reads. The public key is printed as the raw
32 bytes in standard base64: build it into the firmware, which checks every release with it.

  --out FILE  where to write the private key (relative to the directory npm was run from)
  --help      show this text
`;

export interface FirmwareKeygenCommand {
  readonly out: string;
}

/** The command line as a key to make, or a UsageError saying, in one line, what is wrong. */
export function parseFirmwareKeygenCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): FirmwareKeygenCommand | 'help' {
  const values = parseOptions(argv, {
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) return 'help';
  if (values.out === undefined || values.out === '') throw new UsageError('--out FILE is required');
  // npm runs scripts from the package root; a relative --out means the caller's directory.
  const out = resolve(env.INIT_CWD ?? '', values.out);
  if (existsSync(out)) {
    throw new UsageError(`${out} exists; it may hold the only copy of a signing key`);
  }
  return { out };
}

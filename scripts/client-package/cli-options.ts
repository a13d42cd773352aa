import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions } from '../cli/usage-error.ts';

export const CLIENT_PACK_HELP = `Usage: npm run client:pack -- [--out DIR]

Builds @gadget/shared for an app's own repository: the contracts, schemas and the typed client
(@gadget/shared/client) as JavaScript with type declarations, zod as a dependency and firebase as
a peer, so the app's one copy of the Firebase SDK is the one the client uses. Packs it with
npm pack into DIR and prints the tarball's path; in the app: npm install <that path> firebase.

  --out DIR  where to write the tarball (relative to the directory npm was run from; default dist/)
  --help     show this text
`;

const DEFAULT_OUT = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The folder to pack into, 'help', or a UsageError saying in one line what is wrong. */
export function parseClientPackCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { readonly out: string } | 'help' {
  const values = parseOptions(argv, {
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) return 'help';
  // npm runs scripts from the package root; a relative --out means the caller's directory.
  return { out: values.out === undefined ? DEFAULT_OUT : resolve(env.INIT_CWD ?? '', values.out) };
}

// `npm run client:pack -- [--out DIR]`: @gadget/shared built and packed for an app's repository
// (JavaScript, type declarations, firebase as a peer). See --help.
import { relative } from 'node:path';
import { exitWithUsageError, UsageError } from './cli/usage-error.ts';
import { packClientPackage } from './client-package/build.ts';
import { CLIENT_PACK_HELP, parseClientPackCommand } from './client-package/cli-options.ts';

let command: ReturnType<typeof parseClientPackCommand>;
try {
  command = parseClientPackCommand(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'client:pack');
}
if (command === 'help') {
  process.stdout.write(CLIENT_PACK_HELP);
  process.exit(0);
}

const tarball = await packClientPackage(command.out);
const shown = relative(process.env.INIT_CWD ?? process.cwd(), tarball) || tarball;
process.stdout.write(`Wrote ${shown}\nIn the app: npm install ${tarball} firebase\n`);

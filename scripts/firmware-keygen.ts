// `npm run firmware:keygen -- --out firmware-key.pem`: the key pair firmware releases are signed
// with; the private key to the file, the public key (for the firmware) to stdout. See --help.
import { exitWithUsageError, UsageError } from './cli/usage-error.ts';
import { generateFirmwareKeyPair, writePrivateKeyFile } from './firmware/keygen.ts';
import { FIRMWARE_KEYGEN_HELP, parseFirmwareKeygenCommand } from './firmware/keygen-options.ts';
import type { FirmwareKeygenCommand } from './firmware/keygen-options.ts';

let command: FirmwareKeygenCommand | 'help';
try {
  command = parseFirmwareKeygenCommand(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'firmware:keygen');
}
if (command === 'help') {
  process.stdout.write(FIRMWARE_KEYGEN_HELP);
  process.exit(0);
}

const { privateKeyPem, publicKey } = generateFirmwareKeyPair();
try {
  writePrivateKeyFile(command.out, privateKeyPem);
} catch (error) {
  // Created by someone else since the check: still never replaced.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
process.stderr.write(
  `Wrote the private key to ${command.out} (mode 0600); keep it offline. The public key, for the firmware:\n`,
);
process.stdout.write(`${publicKey}\n`);

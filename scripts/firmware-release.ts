// `npm run firmware:release -- --model thermo-1 --version 1.4.0 --file fw.bin --signing-key
// firmware-key.pem`: signs, uploads and records a model's firmware release; `--revoke` takes one
// back. See --help.
import { readFileSync } from 'node:fs';
import { getFirestore } from 'firebase-admin/firestore';
import { getStorage } from 'firebase-admin/storage';
import { NoDefaultBucketError } from './cli/storage-bucket.ts';
import { exitWithUsageError, UsageError } from './cli/usage-error.ts';
import { firmwareAdminApp } from './firmware/admin-app.ts';
import { FIRMWARE_RELEASE_HELP, parseFirmwareReleaseCommand } from './firmware/cli-options.ts';
import type { FirmwareReleaseCommand, FirmwareRevokeCommand } from './firmware/cli-options.ts';
import { FirmwareRefusal } from './firmware/refusal.ts';
import { publishFirmwareRelease } from './firmware/release-firmware.ts';
import { revokeFirmwareRelease } from './firmware/revoke-release.ts';
import { loadSigningKey, rawPublicKey } from './firmware/signing-key.ts';

let command: FirmwareReleaseCommand | FirmwareRevokeCommand | 'help';
try {
  command = parseFirmwareReleaseCommand(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  exitWithUsageError(error, 'firmware:release');
}
if (command === 'help') {
  process.stdout.write(FIRMWARE_RELEASE_HELP);
  process.exit(0);
}

const { model, version, projectId } = command;
let admin: Awaited<ReturnType<typeof firmwareAdminApp>>;
try {
  // Revoking touches Firestore alone; releasing uploads the image to the default bucket.
  admin = await firmwareAdminApp(projectId, { storage: command.action !== 'revoke' });
} catch (error) {
  if (!(error instanceof NoDefaultBucketError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
const { app, close } = admin;
try {
  if (command.action === 'revoke') {
    const result = await revokeFirmwareRelease(getFirestore(app), { model, version });
    const latest = result.latestFirmware ?? 'none';
    process.stdout.write(
      result.outcome === 'already-revoked'
        ? `${model} firmware ${version} was already revoked; nothing changed.\n`
        : `Revoked ${model} firmware ${version} in ${projectId}; aborted ${result.abortedRollouts.length} rollout(s); latest firmware now ${latest}.\n`,
    );
  } else {
    const signingKey = loadSigningKey(readInput(command.signingKey, '--signing-key'));
    const { delta } = command;
    const { outcome, release } = await publishFirmwareRelease(
      getFirestore(app),
      getStorage(app).bucket(),
      {
        model,
        version,
        image: readInput(command.file, '--file'),
        signingKey,
        notes: command.notes,
        ...(command.minFromVersion === undefined ? {} : { minFromVersion: command.minFromVersion }),
        ...(command.antiRollback === undefined ? {} : { antiRollback: command.antiRollback }),
        ...(delta === undefined
          ? {}
          : {
              delta: {
                fromVersion: delta.fromVersion,
                bytes: readInput(delta.file, '--delta-file'),
              },
            }),
        ...(command.expectedSize === undefined ? {} : { expectedSize: command.expectedSize }),
        ...(command.expectedSha256 === undefined ? {} : { expectedSha256: command.expectedSha256 }),
      },
    );
    if (outcome === 'already-released') {
      process.stdout.write(`${model} firmware ${version} was already released; nothing changed.\n`);
    } else {
      process.stdout.write(
        `Released ${model} firmware ${version} in ${projectId}.\n` +
          `  image    ${release.storagePath}, ${release.size} bytes, sha256 ${release.sha256}\n` +
          (release.delta === null
            ? ''
            : `  delta    ${release.delta.storagePath}, ${release.delta.size} bytes, from ${release.delta.fromVersion}\n`) +
          `  manifest minFromVersion ${release.minFromVersion}, antiRollback ${release.antiRollback}\n` +
          `  signed   by the key whose public half is ${rawPublicKey(signingKey)}\n` +
          `It reaches gadgets through a rollout: npm run firmware:rollout -- create --model ${model} --version ${version} --stages 1,5,25,100\n`,
      );
    }
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await close();
}

/** A file the command names, or a one-line refusal saying which and why not. */
function readInput(path: string, option: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new FirmwareRefusal(`${option} ${path} cannot be read (${code})`);
  }
}

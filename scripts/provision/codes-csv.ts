import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { ProvisionedDevice } from './provision-devices.ts';

/** New columns go at the end, so what read the earlier files by position still reads them. */
export const CODES_CSV_HEADER = 'serial,model,claimCode,privateKey,publicKey';

/**
 * Where the claim codes and key pairs go: the input of the label printer and of the station that
 * flashes each gadget's private key, and the only copy of the codes and private keys.
 */
export interface CodesSink {
  write(devices: readonly ProvisionedDevice[]): void;
  close(): void;
}

/**
 * Creates `path` for the codes and keys, refusing to replace an existing file (an earlier run's may
 * be the only copy). Readable by its owner only; each batch is flushed to disk before the next one is
 * created, so the codes of every entry written survive a crash.
 */
export function createCodesFile(path: string): CodesSink {
  const fd = openSync(path, 'wx', 0o600);
  writeSync(fd, `${CODES_CSV_HEADER}\n`);
  return {
    write(devices) {
      writeSync(fd, csvRows(devices));
      fsyncSync(fd);
    },
    close() {
      closeSync(fd);
    },
  };
}

/**
 * Serials, model ids and codes hold only A-Z, 0-9 and '-', the keys only base64's A-Z, a-z, 0-9,
 * '+', '/' and '=', so no field needs quoting.
 */
export function csvRows(devices: readonly ProvisionedDevice[]): string {
  return devices
    .map(
      (device) =>
        `${device.serial},${device.model},${device.claimCode},${device.privateKey},${device.publicKey}\n`,
    )
    .join('');
}

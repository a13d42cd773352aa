import { requestDataExportContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { writeDataExport } from '../services/accounts/data-export.ts';

/** Holds a month of readings per owned device in memory while writing the file. */
export const requestDataExport = defineCallable(
  requestDataExportContract,
  async ({ uid }) => {
    const startedAt = Date.now();
    const written = await writeDataExport(uid);
    logs.dataExportWritten({
      uid,
      exportId: written.exportId,
      bytes: written.bytes,
      devices: written.file.devices.length,
      readings: Object.values(written.file.readings).reduce((sum, list) => sum + list.length, 0),
      durationMs: Date.now() - startedAt,
    });
    return { path: written.path, expiresAt: written.expiresAt.toISOString() };
  },
  { memory: '512MiB', timeoutSeconds: 300, maxInstances: 5 },
);

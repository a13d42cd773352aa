import * as z from 'zod';
import { defineContract } from '../contract.ts';
import { RoleSchema } from '../schemas/device.ts';

export const RequestDataExportRequestSchema = z.strictObject({});
export type RequestDataExportRequest = z.input<typeof RequestDataExportRequestSchema>;

export const RequestDataExportResponseSchema = z.object({
  /** Storage path of the JSON file, under `exports/users/{uid}/`. */
  path: z.string(),
  /** When the file is deleted. */
  expiresAt: z.iso.datetime(),
});
export type RequestDataExportResponse = z.infer<typeof RequestDataExportResponseSchema>;

export const requestDataExportContract = defineContract({
  name: 'requestDataExport',
  summary:
    'Writes the caller’s data as one JSON file to Storage and returns its path. Once per hour; the file expires after 7 days.',
  caller: 'signed-in',
  request: RequestDataExportRequestSchema,
  response: RequestDataExportResponseSchema,
  errors: {
    'resource-exhausted':
      'The caller already exported within the hour; `details.retryAfterSeconds` says when to retry.',
  },
});

/** Days an export file is kept before the nightly job deletes it. */
export const DATA_EXPORT_RETENTION_DAYS = 7;
/** How far back the readings of owned devices go in an export. */
export const DATA_EXPORT_READINGS_DAYS = 30;

/** A stored document as exported: timestamps as ISO 8601 strings, plus its id where useful. */
const ExportedDocSchema = z.record(z.string(), z.unknown());

/**
 * The export file (`exports/users/{uid}/{exportId}.json`). Versioned so that apps and support tools
 * can read old files; push token values are never included, only where they are registered.
 */
export const DataExportFileSchema = z.object({
  format: z.literal('gadget-export'),
  version: z.literal(1),
  exportedAt: z.iso.datetime(),
  uid: z.string(),
  profile: ExportedDocSchema.nullable(),
  devices: z.array(
    z.object({
      deviceId: z.string(),
      role: RoleSchema,
      device: ExportedDocSchema,
      /** The device's serial for its owner and admins; null for a viewer, who never sees it. */
      serial: z.string().nullable(),
    }),
  ),
  /** Per owned device, the readings of the last DATA_EXPORT_READINGS_DAYS days, oldest first. */
  readings: z.record(z.string(), z.array(ExportedDocSchema)),
  /** Per device (owned or shared), its alerts. */
  alerts: z.record(z.string(), z.array(ExportedDocSchema)),
  schedules: z.array(ExportedDocSchema),
  pushTokens: z.array(
    z.object({
      platform: z.string().nullable(),
      appVersion: z.string().nullable(),
      updatedAt: z.string().nullable(),
    }),
  ),
});
export type DataExportFile = z.infer<typeof DataExportFileSchema>;

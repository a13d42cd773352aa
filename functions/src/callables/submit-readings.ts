import { submitReadingsContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import {
  CRITICAL_MARGIN_PERCENT,
  READING_RETENTION_DAYS,
  SUBMIT_RATE_LIMIT_PER_MINUTE,
} from '../config.ts';
import * as logs from '../logs.ts';
import { ingestReadings } from '../services/telemetry/ingestion.ts';
import { refuseTooManyHours } from '../services/telemetry/validation.ts';

export const submitReadings = defineCallable(
  submitReadingsContract,
  async ({ uid, data }) => {
    const startedAt = Date.now();
    // Before the submission's first read.
    refuseTooManyHours(data.readings);
    const { accepted, duplicates, alertsWritten } = await ingestReadings({
      deviceId: data.deviceId,
      readings: data.readings,
      submitter: { kind: 'app', uid, limit: { perMinute: SUBMIT_RATE_LIMIT_PER_MINUTE.value() } },
      retentionDays: READING_RETENTION_DAYS.value(),
      criticalMarginPercent: CRITICAL_MARGIN_PERCENT.value(),
    });
    logs.readingsIngested({
      deviceId: data.deviceId,
      source: 'app',
      uid,
      accepted,
      duplicates,
      alertsWritten,
      durationMs: Date.now() - startedAt,
    });
    return { accepted, duplicates };
  },
  {
    // The submission reads the account's tombstone with the device, in its transaction.
    deletionCheckedByHandler: true,
  },
);

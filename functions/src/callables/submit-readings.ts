import { submitReadingsContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import {
  CRITICAL_MARGIN_PERCENT,
  READING_RETENTION_DAYS,
  SUBMIT_RATE_LIMIT_PER_MINUTE,
} from '../config.ts';
import * as logs from '../logs.ts';
import { ingestReadings } from '../services/telemetry/ingestion.ts';

export const submitReadings = defineCallable(submitReadingsContract, async ({ uid, data }) => {
  const startedAt = Date.now();
  const { accepted, duplicates, alertsWritten } = await ingestReadings({
    deviceId: data.deviceId,
    readings: data.readings,
    submitter: { kind: 'app', uid },
    retentionDays: READING_RETENTION_DAYS.value(),
    criticalMarginPercent: CRITICAL_MARGIN_PERCENT.value(),
    rateLimit: {
      key: `submit:${data.deviceId}`,
      limit: SUBMIT_RATE_LIMIT_PER_MINUTE.value(),
      windowMs: 60_000,
    },
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
});

import { getReadingHistoryContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { readingHistory } from '../services/telemetry/history.ts';

export const getReadingHistory = defineCallable(getReadingHistoryContract, async ({ uid, data }) =>
  readingHistory(uid, {
    deviceId: data.deviceId,
    metric: data.metric,
    from: new Date(data.from),
    to: new Date(data.to),
    bucket: data.bucket,
  }),
);

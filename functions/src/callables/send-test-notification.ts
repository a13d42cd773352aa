import { sendTestNotificationContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { GLOBAL_CALL_LIMIT_PER_MINUTE } from '../config.ts';
import * as logs from '../logs.ts';
import { fanOutContext } from '../services/notifications/fan-out.ts';
import { sendTestNotification as send } from '../services/notifications/test-notification.ts';

export const sendTestNotification = defineCallable(
  sendTestNotificationContract,
  async ({ uid }) => {
    const report = await send(uid, fanOutContext(), GLOBAL_CALL_LIMIT_PER_MINUTE.value());
    logs.testNotificationSent({ uid, ...report });
    return report;
  },
);

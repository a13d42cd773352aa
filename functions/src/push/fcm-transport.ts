import { getMessaging } from 'firebase-admin/messaging';
import { adminApp } from '../admin.ts';
import type { PushResult, PushTransport, TokenMessage } from './transport.ts';

export const fcmTransport: PushTransport = {
  async sendEach(messages: readonly TokenMessage[]): Promise<PushResult[]> {
    const batch = await getMessaging(adminApp()).sendEach([...messages]);
    return batch.responses.map((response) => ({
      success: response.success,
      ...(response.messageId === undefined ? {} : { messageId: response.messageId }),
      ...(response.error === undefined
        ? {}
        : { error: { code: response.error.code, message: response.error.message } }),
    }));
  },
};

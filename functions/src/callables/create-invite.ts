import { createInviteContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { GLOBAL_CALL_LIMIT_PER_MINUTE } from '../config.ts';
import { createInvite as create } from '../services/invites.ts';

export const createInvite = defineCallable(createInviteContract, async ({ uid, data }) => {
  const { code, expiresAt } = await create(uid, data.deviceId, data.role, {
    perMinute: GLOBAL_CALL_LIMIT_PER_MINUTE.value(),
  });
  return { code, expiresAt: expiresAt.toISOString() };
});

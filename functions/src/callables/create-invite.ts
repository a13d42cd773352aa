import { createInviteContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { CLAIM_CODE_SECRET, GLOBAL_CALL_LIMIT_PER_MINUTE } from '../config.ts';
import { createInvite as create } from '../services/sharing/invites.ts';

export const createInvite = defineCallable(
  createInviteContract,
  async ({ uid, data }) => {
    const { code, expiresAt } = await create(uid, data.deviceId, data.role, {
      perMinute: GLOBAL_CALL_LIMIT_PER_MINUTE.value(),
      secret: CLAIM_CODE_SECRET.value(),
    });
    return { code, expiresAt: expiresAt.toISOString() };
  },
  { secrets: [CLAIM_CODE_SECRET] },
);

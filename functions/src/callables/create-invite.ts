import { createInviteContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import { createInvite as create } from '../services/invites.ts';

export const createInvite = defineCallable(createInviteContract, async ({ uid, data }) => {
  const { code, expiresAt } = await create(uid, data.deviceId, data.role);
  return { code, expiresAt: expiresAt.toISOString() };
});

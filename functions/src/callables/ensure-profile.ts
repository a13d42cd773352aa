import { ensureProfileContract } from '@gadget/shared';
import type { UserProfile, UserProfileView } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { ensureProfile as ensureProfileService } from '../services/accounts.ts';

export const ensureProfile = defineCallable(ensureProfileContract, async ({ uid, data, token }) => {
  const { profile, created } = await ensureProfileService({
    uid,
    displayName: typeof token.name === 'string' ? token.name : null,
    email: token.email ?? null,
    locale: data.locale,
    timeZone: data.timeZone,
  });
  if (created) logs.profileCreated({ uid, source: 'callable' });
  else logs.profileAlreadyExisted({ uid, source: 'callable' });
  return { profile: toView(uid, profile), created };
});

function toView(uid: string, profile: UserProfile): UserProfileView {
  const { awaitingAppSettings: _internal, ...visible } = profile;
  return { ...visible, uid, createdAt: profile.createdAt.toISOString() };
}

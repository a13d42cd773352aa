import { ensureProfileContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { ensureProfile as ensureProfileService } from '../services/accounts/accounts.ts';
import { toProfileView } from '../services/accounts/profile-settings.ts';

export const ensureProfile = defineCallable(
  ensureProfileContract,
  async ({ uid, data, token }) => {
    const { profile, created } = await ensureProfileService({
      uid,
      displayName: typeof token.name === 'string' ? token.name : null,
      email: token.email ?? null,
      locale: data.locale,
      timeZone: data.timeZone,
    });
    if (created) logs.profileCreated({ uid, source: 'callable' });
    else logs.profileAlreadyExisted({ uid, source: 'callable' });
    return { profile: toProfileView(uid, profile), created };
  },
  {
    // The service reads the tombstone with the profile, in one request: the app's first call after
    // sign-in makes one Firestore read when the profile exists.
    deletionCheckedByHandler: true,
  },
);

import { updateProfileContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import {
  toProfileView,
  updateProfile as updateProfileService,
} from '../services/accounts/profile-settings.ts';

export const updateProfile = defineCallable(updateProfileContract, async ({ uid, data }) => {
  const profile = await updateProfileService(uid, data);
  logs.profileUpdated({ uid, fields: Object.keys(data) });
  return { profile: toProfileView(uid, profile) };
});

// A floor for the cold-start budget, not the reference: bare-callable.ts with Firestore over REST
// (`preferRest`, as the deployed functions use it) and nothing else. What the official SDK costs on
// the transport the bundle uses, before any code of ours.
import { initializeApp } from 'firebase-admin/app';
import { initializeFirestore } from 'firebase-admin/firestore';
import { HttpsError, onCall } from 'firebase-functions/v2/https';
import { PassThroughClient } from 'google-auth-library';

const db = initializeFirestore(initializeApp(), { preferRest: true });
// REST asks its auth client for headers even against an emulator, as functions/src/admin.ts says.
if (process.env.FIRESTORE_EMULATOR_HOST !== undefined) {
  db.settings({ authClient: new PassThroughClient() });
}

export const ensureProfile = onCall(async (request) => {
  if (request.auth === undefined) throw new HttpsError('unauthenticated', 'Sign in');
  const ref = db.collection('users').doc(request.auth.uid);
  await ref.create({ createdAt: new Date() }).catch(() => undefined);
  return { profile: (await ref.get()).data() };
});

// The reference for the cold-start budget: the least a callable that writes one Firestore document
// can load, with firebase-functions and firebase-admin used directly.
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { HttpsError, onCall } from 'firebase-functions/v2/https';

initializeApp();

export const ensureProfile = onCall(async (request) => {
  if (request.auth === undefined) throw new HttpsError('unauthenticated', 'Sign in');
  const ref = getFirestore().collection('users').doc(request.auth.uid);
  await ref.create({ createdAt: new Date() }).catch(() => undefined);
  return { profile: (await ref.get()).data() };
});

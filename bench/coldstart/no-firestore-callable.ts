// A floor for the cold-start budget, not the reference: a callable that loads no Firestore at all.
// What firebase-functions and the benchmark's harness (express, the first fetch) cost on their own.
import { HttpsError, onCall } from 'firebase-functions/v2/https';

export const ensureProfile = onCall((request) => {
  if (request.auth === undefined) throw new HttpsError('unauthenticated', 'Sign in');
  return { profile: { uid: request.auth.uid } };
});

// The reference for the fleet benchmark's throughput: the least an HTTPS endpoint that stores a
// gadget's post can do, with firebase-functions and firebase-admin used directly and no checks —
// one document written per request.
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { onRequest } from 'firebase-functions/v2/https';

initializeApp();

export const ingest = onRequest(async (request, response) => {
  await getFirestore()
    .collection('posts')
    .add({ body: request.body as unknown, at: new Date() });
  response.status(200).json({ ok: true });
});

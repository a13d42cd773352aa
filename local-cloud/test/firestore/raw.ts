// The raw google.firestore.v1 client that ships with @google-cloud/firestore. The suite uses it only
// where the Firestore SDK refuses input before sending it, to show that the server refuses it too.
import { credentials } from '@grpc/grpc-js';
import { v1 } from '@google-cloud/firestore';

// v1 is deprecated in favour of the standalone @google-cloud/firestore-api package, which this
// workspace does not depend on; the client it exposes is the same.
// eslint-disable-next-line @typescript-eslint/no-deprecated
export type RawClient = InstanceType<typeof v1.FirestoreClient>;

export function rawClient(projectId: string): RawClient {
  const address = process.env.FIRESTORE_EMULATOR_HOST ?? '';
  const colon = address.lastIndexOf(':');
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  return new v1.FirestoreClient({
    servicePath: address.slice(0, colon),
    port: Number(address.slice(colon + 1)),
    sslCreds: credentials.createInsecure(),
    projectId,
  });
}

/** Call options that act as the project owner on an emulator, as the Firestore SDK does. */
export const ownerCall = { otherArgs: { headers: { Authorization: 'Bearer owner' } } };

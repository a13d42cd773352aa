// The typed client as a web or React Native app uses it: the official firebase JS SDK against the
// backend, with requests checked before they leave and responses parsed on arrival.
import { deleteApp, initializeApp } from 'firebase/app';
import type { FirebaseApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from 'firebase/auth';
import { connectFunctionsEmulator, getFunctions } from 'firebase/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '@gadget/local-cloud/testing';
import { createGadgetClient, GadgetRequestError } from '@gadget/shared/client';
import { startProductCloud } from '../helpers/product-cloud.ts';

let cloud: TestCloud;
let app: FirebaseApp;

beforeAll(async () => {
  // No App Check in this Node client, as in an app whose project does not enforce it yet.
  cloud = await startProductCloud({ functionsEnv: { APP_CHECK_ENFORCED: 'false' } });
  app = initializeApp({ apiKey: 'demo-key', projectId: cloud.projectId }, 'typed-client');
  connectAuthEmulator(getAuth(app), cloud.cloud.authServer.url, { disableWarnings: true });
  connectFunctionsEmulator(getFunctions(app), cloud.cloud.host, cloud.cloud.ports.functions);
  const { email } = await cloud.signUp({ password: 'typed-client-1' });
  await signInWithEmailAndPassword(getAuth(app), email, 'typed-client-1');
});
afterAll(async () => {
  await deleteApp(app);
  await cloud.stop();
});

describe('createGadgetClient', () => {
  it('calls a callable by name and returns the parsed response', async () => {
    const client = createGadgetClient(getFunctions(app));
    const { profile } = await client.ensureProfile({ locale: 'de-de', timeZone: 'Europe/Berlin' });
    expect(profile.locale).toBe('de-DE');
    expect(profile.timeZone).toBe('Europe/Berlin');
  });

  it('refuses a bad request on the device, before any network call', async () => {
    const client = createGadgetClient(getFunctions(app));
    cloud.resetOps();
    const error = await client.ensureProfile({ timeZone: 'Not/AZone' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GadgetRequestError);
    expect((error as GadgetRequestError).fieldErrors).toHaveProperty('timeZone');
    expect(cloud.ops()).toEqual({ reads: 0, writes: 0, deletes: 0 });
  });
});

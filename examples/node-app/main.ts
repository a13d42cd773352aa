// A companion app's first calls, from its own repository: the backend's typed client, packed there
// with `npm run client:pack` and installed here, on the app's own firebase JS SDK. It signs a new
// user up, sets up the profile, is refused a bad request before anything is sent and, given a
// gadget's serial and claim code, claims it and gets its device key. Against `npm start` unless
// the GADGET_* variables say otherwise (README.md).
import { deleteApp, initializeApp } from 'firebase/app';
import { connectAuthEmulator, createUserWithEmailAndPassword, getAuth } from 'firebase/auth';
import { connectFunctionsEmulator, getFunctions } from 'firebase/functions';
import { metricsOf } from '@gadget/shared';
import { createGadgetClient, GadgetRequestError } from '@gadget/shared/client';

const env = process.env;
const host = env.GADGET_HOST ?? '127.0.0.1';
const projectId = env.GADGET_PROJECT ?? 'demo-gadget';

// The SDK wants an apiKey; against the emulators any non-empty string does.
const app = initializeApp({ apiKey: 'demo-key', projectId });
const auth = getAuth(app);
connectAuthEmulator(auth, `http://${host}:${env.GADGET_AUTH_PORT ?? '9099'}`, {
  disableWarnings: true,
});
const functions = getFunctions(app, 'us-central1');
connectFunctionsEmulator(functions, host, Number(env.GADGET_FUNCTIONS_PORT ?? '5001'));
const client = createGadgetClient(functions);

try {
  const email = `node-app-${String(Date.now())}@gadget.test`;
  const { user } = await createUserWithEmailAndPassword(auth, email, 'node-app-password-1');
  console.log(`signed up ${email} as ${user.uid}`);

  const { profile } = await client.ensureProfile({ locale: 'en-GB', timeZone: 'Europe/London' });
  console.log(`profile: ${profile.locale}, ${profile.timeZone}`);
  const updated = await client.updateProfile({ displayName: 'Node app' });
  console.log(`display name: ${String(updated.profile.displayName)}`);

  // The client checks a request against the contract first: this one never leaves the process.
  try {
    await client.createSchedule({
      kind: 'reminder',
      cron: '* * * * *',
      timeZone: 'Europe/London',
      message: 'Every minute is too often',
    });
  } catch (error) {
    if (!(error instanceof GadgetRequestError)) throw error;
    console.log(`refused before sending: ${Object.keys(error.fieldErrors).join(', ')}`);
  }

  const serial = env.GADGET_SERIAL;
  const claimCode = env.GADGET_CLAIM_CODE;
  if (serial !== undefined && claimCode !== undefined) {
    const { deviceId, device } = await client.claimDevice({ serial, claimCode });
    console.log(
      `claimed ${device.model} ${deviceId}, reporting ${Object.keys(metricsOf(device.model)).join(', ')}`,
    );
    // Shown once: the backend keeps only its hash. A real app hands it to the gadget now.
    const { deviceKey } = await client.rotateDeviceKey({ deviceId });
    console.log(`device key for the gadget: ${deviceKey}`);
  }
} finally {
  await deleteApp(app);
}

/**
 * The environment a cold-start probe (child.ts) runs in: what Cloud Functions sets for an instance
 * that serves ensureProfile, pointed at a Firestore emulator, with ID tokens taken unverified.
 */
export function childEnv(firestoreAddress: string, projectId: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    FIRESTORE_EMULATOR_HOST: firestoreAddress,
    GCLOUD_PROJECT: projectId,
    // As Cloud Functions sets it: storage triggers resolve their default bucket from it at load.
    FIREBASE_CONFIG: JSON.stringify({ projectId, storageBucket: `${projectId}.appspot.com` }),
    // As Cloud Functions sets it: the export the instance serves.
    FUNCTION_TARGET: 'ensureProfile',
    FUNCTIONS_EMULATOR: 'true',
    FIREBASE_DEBUG_MODE: 'true',
    FIREBASE_DEBUG_FEATURES: JSON.stringify({ skipTokenVerification: true }),
    METADATA_SERVER_DETECTION: 'none',
    APP_CHECK_ENFORCED: 'false',
  };
}

import type { LocalCloud } from '@gadget/local-cloud';

/** What a developer needs to point an app at the running backend. */
export function printBanner(
  cloud: LocalCloud,
  seedSummary: string,
  schedules: readonly string[],
  stateDir: string,
): void {
  const { host, ports, projectId } = cloud;
  const functions = cloud.functions.map((fn) => `${fn.name} (${fn.trigger.kind})`).join(', ');
  const lines = [
    '',
    `Gadget backend running on local-cloud — project ${projectId}`,
    '',
    `  Auth        http://${host}:${ports.auth}`,
    `  Functions   http://${host}:${ports.functions}/${projectId}/us-central1/{name}`,
    `  Firestore   ${host}:${ports.firestore} (gRPC, WebChannel and REST)`,
    `  Storage     http://${host}:${ports.storage}  bucket ${cloud.storageBucket}`,
    `  Scheduler   ${cloud.schedulerServer.address} (Cloud Scheduler gRPC, for the users' reminders)`,
    `  Control     http://${host}:${ports.control}  (GET /health, GET /outbox, POST /reset, GET /ops, GET /events)`,
    ...(cloud.consoleUrl === undefined
      ? []
      : [
          `  Console     ${cloud.consoleUrl}  (Firestore, Requests, Auth, Storage, Logs, Outbox, …)`,
        ]),
    '',
    `  Functions: ${functions}`,
    ...(schedules.length > 0 ? [`  Schedules: ${schedules.join('; ')}`] : []),
    `  Data: ${seedSummary}`,
    '',
    '  Demo login: demo@gadget.test / gadget-demo (owns air-1 GDG-DEMO-0101)',
    '  Unclaimed:  GDG-DEMO-0001 … GDG-DEMO-0005, claim codes in emulator-data/seed/device-registry.json',
    '',
    '  Point an app at it exactly as at the Emulator Suite:',
    `    connectAuthEmulator(auth, 'http://${host}:${ports.auth}')`,
    `    connectFirestoreEmulator(db, '${host}', ${ports.firestore})`,
    `    connectFunctionsEmulator(functions, '${host}', ${ports.functions})`,
    `    connectStorageEmulator(storage, '${host}', ${ports.storage})`,
    `    firebase-admin: FIRESTORE_EMULATOR_HOST=${host}:${ports.firestore} FIREBASE_AUTH_EMULATOR_HOST=${host}:${ports.auth} FIREBASE_STORAGE_EMULATOR_HOST=${host}:${ports.storage}`,
    '',
    `  Ctrl-C saves the state to ${stateDir} and stops.`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

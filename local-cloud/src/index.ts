// local-cloud: the Firebase Emulator Suite's Auth, Firestore, Storage and Functions, offline and
// without a JVM. Each component lives in its own folder; this is the public surface. The test
// harness (startTestCloud and its admin clients) is `@gadget/local-cloud/testing`, so that what
// runs the dev server never loads firebase-admin or the Cloud Storage client.
export { startLocalCloud, DEFAULT_PROJECT_ID } from './local-cloud.ts';
export type { LocalCloud, LocalCloudOptions, DeliveryRecord } from './local-cloud.ts';
export { EMULATOR_SUITE_PORTS, FIREBASE_JSON_PORT_KEYS, readFirebaseJsonPorts } from './ports.ts';
export type { LocalCloudPorts } from './ports.ts';
export { readFunctionsEnv } from './host/dotenv.ts';
export type { DeliverySwitches } from './host/dispatcher.ts';
export { PortInUseError } from './net/listen.ts';
export { AccessPolicy } from './net/access-policy.ts';
export type { AccessOptions } from './net/access-policy.ts';
export { startFirestoreServer, watchSnapshots } from './firestore/index.ts';
export type { FirestoreServer, SnapshotWatch } from './firestore/index.ts';
export { startAuthServer } from './auth/index.ts';
export type { AuthServer } from './auth/index.ts';
export { startStorageServer } from './storage/index.ts';
export type { StorageServer } from './storage/index.ts';
export { Outbox } from './messaging/index.ts';
export type { JobOwnerOf, SchedulerJobView } from './control/schedules-view.ts';
// The control API's JSON, as the console reads it.
export type { FunctionDescription, FunctionKind } from './host/endpoints.ts';
export type { FunctionStats, LogEntry } from './control/function-activity.ts';
export type { DecisionView } from './rules/decision-view.ts';
export type { ProjectRefusal } from './single-project.ts';

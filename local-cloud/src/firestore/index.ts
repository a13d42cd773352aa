export { startFirestoreServer } from './server.ts';
export { watchSnapshots } from './snapshot-watch.ts';
export type { SnapshotWatch } from './snapshot-watch.ts';
export type { FirestoreServer, FirestoreServerOptions } from './server.ts';
export type { FirestoreChange } from './engine.ts';
export type { OpCounts } from './ops.ts';
export type { FirestoreMethod } from './faults.ts';
export type { Document, Timestamp, Value } from './types.ts';

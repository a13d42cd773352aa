export { startStorageServer } from './server.ts';
export type { StorageObjectMetadata, StorageServer, StorageServerOptions } from './types.ts';

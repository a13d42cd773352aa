// `@gadget/local-cloud/testing`: a local-cloud for test runs, with firebase-admin and Cloud Storage
// clients connected to it, and a callable client. Its own entry because those SDKs are the tests'
// to load: the dev server (the package's root entry) never imports them.
export { startTestCloud } from './test-cloud.ts';
export type { TestCloud, TestCloudOptions, CallOptions } from './test-cloud.ts';
export { CallableError, postCallable, fakeAppCheckToken } from './callable.ts';
export { customUserIdToken } from '../auth/tokens.ts';

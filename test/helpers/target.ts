// Where the integration tests run. `npm test` runs them on local-cloud; `npm run test:emulators`
// runs the portable ones on the official Firebase emulators (GADGET_TEST_TARGET=emulators), where
// what only local-cloud has (op counters, the push outbox, delivery switches, Cloud Scheduler,
// idle(), per-cloud function params) does not exist: a test or describe asserting through those
// is written `it.skipIf(ON_EMULATORS)(…)` or `describe.skipIf(ON_EMULATORS)(…)`.
export const ON_EMULATORS = process.env.GADGET_TEST_TARGET === 'emulators';

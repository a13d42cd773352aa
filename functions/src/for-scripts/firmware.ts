// What the firmware scripts (scripts/firmware/: releases, rollouts) use of the functions: the
// converter that reads Firestore documents by their shared schema, and the rollout evaluator's
// count, so `npm run firmware:rollout -- status` reports what the evaluator would see.
export { schemaConverter } from '../data/converter.ts';
export { countRollout } from '../services/firmware/rollout-evaluator.ts';

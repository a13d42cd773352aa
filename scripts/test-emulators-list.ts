/**
 * The integration tests that run on the official emulators. The others assert through what only
 * local-cloud has: op counters, the push outbox (FCM has no emulator), delivery switches (twice,
 * reversed, delayed), Cloud Scheduler (no emulator), idle() after triggers, or function params of
 * their own. Inside these files, the few tests that count Firestore ops are skipped there.
 */
export const PORTABLE_INTEGRATION_TESTS = [
  'test/integration/accounts-update-profile.test.ts',
  'test/integration/attacks-bodies.test.ts',
  'test/integration/alerts-rules.test.ts',
  'test/integration/devices-claim.test.ts',
  'test/integration/devices-settings.test.ts',
  'test/integration/history-buckets.test.ts',
  'test/integration/sharing-invites.test.ts',
  'test/integration/sharing-members.test.ts',
  'test/integration/telemetry-submit.test.ts',
] as const;

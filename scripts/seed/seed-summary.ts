import type { SeedReport } from './seed-backend.ts';

/** `seeded 1 user(s), 1 push token(s), …`, and what was left as it was, for npm start and npm run seed. */
export function seedSummary(report: SeedReport): string {
  const written = `seeded ${String(report.users)} user(s), ${String(report.pushTokens)} push token(s), ${String(report.registryEntries)} registry entries, ${String(report.devices)} device(s), ${String(report.readings)} readings`;
  return report.kept === 0
    ? written
    : `${written}; kept ${String(report.kept)} user(s), token(s) and registry entries already there as they were (npm start -- --reset starts again from the seed)`;
}

import { adminApp } from '../../admin.ts';

/** getUsers() accepts at most this many identifiers per call. */
const LOOKUP_LIMIT = 100;

/** Of the given uids, those with no auth user. */
export async function missingAuthUsers(uids: readonly string[]): Promise<Set<string>> {
  const { getAuth } = await import('firebase-admin/auth');
  const auth = getAuth(adminApp());
  const unique = [...new Set(uids)];
  const missing = new Set<string>();
  for (let start = 0; start < unique.length; start += LOOKUP_LIMIT) {
    const chunk = unique.slice(start, start + LOOKUP_LIMIT);
    const result = await auth.getUsers(chunk.map((uid) => ({ uid })));
    for (const identifier of result.notFound) {
      if ('uid' in identifier) missing.add(identifier.uid);
    }
  }
  return missing;
}

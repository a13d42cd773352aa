// The seed's gadgets as they are now, for the banner: which a seed user owns and which can still be
// claimed. Read when the banner is printed, since the state npm start restores has its own history
// (gadgets claimed or released since the seed was loaded).
import type { Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS } from '@gadget/shared';
import type { Seed } from '../seed/seed-files.ts';

type SeedRegistryEntry = Seed['registry'][number];

export interface DemoGadgets {
  /** Registry entries of the seed no one has claimed, in the seed's order. */
  readonly unclaimed: readonly SeedRegistryEntry[];
  /** The seed's gadgets each user has claimed, by uid. */
  readonly claimedBy: ReadonlyMap<string, readonly SeedRegistryEntry[]>;
}

/** One read of the seed's registry entries; an entry not there (`--no-seed`) is neither. */
export async function demoGadgets(
  firestore: Firestore,
  registry: readonly SeedRegistryEntry[],
): Promise<DemoGadgets> {
  if (registry.length === 0) return { unclaimed: [], claimedBy: new Map() };
  const snapshots = await firestore.getAll(
    ...registry.map((entry) => firestore.collection(COLLECTIONS.deviceRegistry).doc(entry.serial)),
  );
  const unclaimed: SeedRegistryEntry[] = [];
  const claimedBy = new Map<string, SeedRegistryEntry[]>();
  registry.forEach((entry, index) => {
    const snapshot = snapshots[index];
    if (snapshot?.exists !== true) return;
    const claimer: unknown = snapshot.get('claimedBy');
    if (typeof claimer !== 'string') {
      unclaimed.push(entry);
      return;
    }
    claimedBy.set(claimer, [...(claimedBy.get(claimer) ?? []), entry]);
  });
  return { unclaimed, claimedBy };
}

/** `demo@gadget.test / gadget-demo (owns air-1 GDG-DEMO-0101)`, for each seed user. */
export function demoLoginLines(users: Seed['users'], gadgets: DemoGadgets): string[] {
  return users.map((user) => {
    const owned = gadgets.claimedBy.get(user.uid) ?? [];
    const what =
      owned.length === 0
        ? 'owns none of the seed gadgets'
        : `owns ${owned.map((entry) => `${entry.model} ${entry.serial}`).join(', ')}`;
    return `${user.email} / ${user.password} (${what})`;
  });
}

/** `GDG-DEMO-0001 (DEMO-0001-AA), …`, or why there is none. */
export function unclaimedLine(gadgets: DemoGadgets): string {
  if (gadgets.unclaimed.length === 0) {
    return 'none of the seed gadgets (npm start -- --reset starts again from the seed)';
  }
  return gadgets.unclaimed.map((entry) => `${entry.serial} (${entry.claimCode})`).join(', ');
}

import type { Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS, docPaths, OtaStateSchema } from '@gadget/shared';
import { inBatches } from './enlist.ts';

/** What the backend holds for the fleet, against what the gadgets generated. */
export interface FleetCheck {
  /** Readings stored, each id once. */
  readonly stored: number;
  /** Ids a gadget generated that no hour holds. */
  readonly lost: number;
  /** Ids stored more than once (each extra copy counted). */
  readonly duplicated: number;
  /** Gadgets with settings the app set that they have not applied. */
  readonly settingsPending: number;
  /** Commands still queued or sent. */
  readonly commandsUnfinished: number;
}

/**
 * Reads, per gadget, its hours' reading ids, its `control` summary and its unfinished commands,
 * with the Admin SDK, after the fleet stopped: what a person would find in the backend.
 */
export async function checkFleet(
  firestore: Firestore,
  gadgets: readonly { readonly deviceId: string; readonly generatedIds: readonly string[] }[],
): Promise<FleetCheck> {
  const perGadget = await inBatches(gadgets, 16, async ({ deviceId, generatedIds }) => {
    const device = firestore.collection(COLLECTIONS.devices).doc(deviceId);
    const [hours, snapshot, unfinished] = await Promise.all([
      device.collection(COLLECTIONS.hours).select('ids').get(),
      device.get(),
      device.collection(COLLECTIONS.commands).where('status', 'in', ['queued', 'sent']).get(),
    ]);
    const ids = hours.docs.flatMap((hour) => (hour.get('ids') as string[] | undefined) ?? []);
    const unique = new Set(ids);
    const pending = (snapshot.get('control.pendingKeys') as string[] | undefined) ?? [];
    return {
      stored: unique.size,
      lost: generatedIds.filter((id) => !unique.has(id)).length,
      duplicated: ids.length - unique.size,
      settingsPending: pending.length > 0 ? 1 : 0,
      commandsUnfinished: unfinished.size,
    };
  });
  const sum = (key: keyof FleetCheck) => perGadget.reduce((total, one) => total + one[key], 0);
  return {
    stored: sum('stored'),
    lost: sum('lost'),
    duplicated: sum('duplicated'),
    settingsPending: sum('settingsPending'),
    commandsUnfinished: sum('commandsUnfinished'),
  };
}

/**
 * The gadgets' firmware updates as the backend holds them (`ota/current`): how many are in each
 * state, in the order an update goes (gadgets that never had one are left out). After the run,
 * it should agree with where the gadgets themselves are.
 */
export async function checkOta(
  firestore: Firestore,
  deviceIds: readonly string[],
): Promise<Record<string, number>> {
  const counts = new Map<string, number>();
  for (let start = 0; start < deviceIds.length; start += 100) {
    const refs = deviceIds
      .slice(start, start + 100)
      .map((deviceId) => firestore.doc(docPaths.otaCurrent(deviceId)));
    if (refs.length === 0) continue;
    for (const snapshot of await firestore.getAll(...refs)) {
      const state = snapshot.get('state') as unknown;
      if (typeof state === 'string') counts.set(state, (counts.get(state) ?? 0) + 1);
    }
  }
  const order: readonly string[] = OtaStateSchema.options;
  return Object.fromEntries([...counts].sort(([a], [b]) => rank(order, a) - rank(order, b)));
}

/** A state's place in `order`; one unknown to it (a newer backend's) goes last. */
function rank(order: readonly string[], state: string): number {
  const index = order.indexOf(state);
  return index === -1 ? order.length : index;
}

import { FieldValue } from 'firebase-admin/firestore';
import type { Transaction } from 'firebase-admin/firestore';
import type { AlertWrite } from './evaluate.ts';
import { collections } from '../../data/collections.ts';

/**
 * Applies an evaluation's alert changes in the ingestion transaction, one write per alert. The
 * documents are not read: the device's `alertState`, read in the same transaction, says which
 * exist and in which state.
 */
export function writeAlerts(
  transaction: Transaction,
  deviceId: string,
  writes: ReadonlyMap<string, AlertWrite>,
): void {
  for (const [id, write] of writes) {
    if (write.kind === 'create') {
      transaction.set(collections.alerts(deviceId).doc(id), write.alert);
      continue;
    }
    const { reopenIncrement = 0, ...fields } = write.fields;
    transaction.update(collections.alerts(deviceId).doc(id), {
      ...fields,
      ...(reopenIncrement > 0 ? { reopenCount: FieldValue.increment(reopenIncrement) } : {}),
    });
  }
}

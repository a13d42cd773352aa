import { FieldValue } from 'firebase-admin/firestore';
import { COLLECTIONS, DEVICE_MODELS, DeviceModelIdSchema, SerialSchema } from '@gadget/shared';
import { db } from '../../admin.ts';
import { identityRef } from '../devices/device-identity.ts';
import { forEachPage } from './paged-documents.ts';
import type { MaintenanceTask } from './task.ts';

/**
 * Devices claimed before the serial moved to `devices/{id}/private/identity` still carry `serial`
 * on the device document, where every member (viewers too) reads it. This moves it: the identity
 * document is written (kept if one is there) and the field deleted, in one transaction, so the
 * serial is never in neither place. A device still named after its serial (claiming's old default)
 * gets its model's default name. Idempotent; once every device is moved it only reads.
 */
export const deviceSerials: MaintenanceTask = {
  name: 'deviceSerials',
  run: (context) =>
    forEachPage(context, COLLECTIONS.devices, ['serial'], async (docs) => {
      for (const doc of docs) {
        if (doc.get('serial') === undefined) continue;
        if (!context.dryRun) await moveSerial(doc.id);
        context.counts.fixed++;
      }
    }),
};

async function moveSerial(deviceId: string): Promise<void> {
  const deviceRef = db().collection(COLLECTIONS.devices).doc(deviceId);
  await db().runTransaction(async (transaction) => {
    const [device, identity] = await Promise.all([
      transaction.get(deviceRef),
      transaction.get(identityRef(deviceId)),
    ]);
    if (!device.exists || device.get('serial') === undefined) return;
    const serial = SerialSchema.safeParse(device.get('serial'));
    if (!identity.exists && serial.success) {
      transaction.create(identityRef(deviceId), { serial: serial.data });
    }
    const model = DeviceModelIdSchema.safeParse(device.get('model'));
    const renamed =
      model.success && device.get('name') === device.get('serial')
        ? { name: DEVICE_MODELS[model.data].defaultName }
        : {};
    transaction.update(deviceRef, { serial: FieldValue.delete(), ...renamed });
  });
}

import type { PendingInvite } from '@gadget/shared';
import { collections, db } from '../../admin.ts';
import { permissionDenied } from '../../errors.ts';
import { requireRole } from '../devices/device-access.ts';
import { invites } from './invite-refs.ts';

/** `listInvites`: the device's unused, unexpired invites, newest first. */
export async function listPendingInvites(
  uid: string,
  deviceId: string,
  now: Date = new Date(),
): Promise<PendingInvite[]> {
  requireRole((await collections.devices().doc(deviceId).get()).data(), uid, ['owner', 'admin']);
  const pending = await invites()
    .where('deviceId', '==', deviceId)
    .where('usedBy', '==', null)
    .get();
  return pending.docs
    .map((doc) => ({ id: doc.id, invite: doc.data() }))
    .filter(({ invite }) => invite.expiresAt > now)
    .sort((a, b) => b.invite.createdAt.getTime() - a.invite.createdAt.getTime())
    .map(({ id, invite }) => ({
      inviteId: id,
      role: invite.role,
      createdBy: invite.createdBy,
      createdAt: invite.createdAt.toISOString(),
      expiresAt: invite.expiresAt.toISOString(),
    }));
}

/**
 * `revokeInvite`: owners revoke any pending invite of the device, admins viewer invites. An id that
 * is not a pending invite of this device answers `revoked: false`, whatever it is.
 */
export async function revokeInvite(
  uid: string,
  deviceId: string,
  inviteId: string,
): Promise<{ revoked: boolean }> {
  const deviceRef = collections.devices().doc(deviceId);
  const inviteRef = invites().doc(inviteId);
  return db().runTransaction(async (transaction) => {
    const { role } = requireRole((await transaction.get(deviceRef)).data(), uid, [
      'owner',
      'admin',
    ]);
    const invite = (await transaction.get(inviteRef)).data();
    if (invite?.deviceId !== deviceId || invite.usedBy !== null) return { revoked: false };
    if (role === 'admin' && invite.role !== 'viewer') {
      throw permissionDenied('Admins can revoke viewer invites only.');
    }
    transaction.delete(inviteRef);
    return { revoked: true };
  });
}

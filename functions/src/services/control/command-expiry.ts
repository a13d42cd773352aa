import { Timestamp } from 'firebase-admin/firestore';
import type { DocumentReference } from 'firebase-admin/firestore';
import type { CommandDoc } from '@gadget/shared';
import { db } from '../../admin.ts';
import { collections } from '../../data/collections.ts';
import { controlOf, withCommandsFinished } from './control-state.ts';

/** A bound on one run; a larger backlog is finished by the next runs. */
const MAX_COMMANDS_PER_RUN = 500;

/**
 * Commands past their deadline that no gadget call settled (the gadget is offline): `expired` if
 * it never fetched them, `timed-out` if it did. One collection-group query (`status in, expiresAt
 * <=`, a declared composite index) finds only those; each device's are then settled in one
 * transaction with the device, whose unfinished count they leave, so a gadget's call racing the
 * sweep settles each command once. The status change tells the sender (`onCommandWritten`).
 */
export async function expireOverdueCommands(now: Date): Promise<{ expired: number }> {
  const overdue = await collections
    .allCommands()
    .where('status', 'in', ['queued', 'sent'])
    .where('expiresAt', '<=', Timestamp.fromDate(now))
    .orderBy('expiresAt')
    .limit(MAX_COMMANDS_PER_RUN)
    .get();
  const byDevice = new Map<string, DocumentReference<CommandDoc>[]>();
  for (const doc of overdue.docs) {
    const deviceId = doc.ref.parent.parent?.id;
    if (deviceId !== undefined)
      byDevice.set(deviceId, [...(byDevice.get(deviceId) ?? []), doc.ref]);
  }
  let expired = 0;
  for (const [deviceId, refs] of byDevice) {
    expired += await expireForDevice(deviceId, refs, now);
  }
  return { expired };
}

async function expireForDevice(
  deviceId: string,
  refs: readonly DocumentReference<CommandDoc>[],
  now: Date,
): Promise<number> {
  const deviceRef = collections.devices().doc(deviceId);
  return db().runTransaction(async (transaction) => {
    const [deviceSnapshot, ...commands] = await Promise.all([
      transaction.get(deviceRef),
      ...refs.map((ref) => transaction.get(ref)),
    ]);
    let settled = 0;
    for (const snapshot of commands) {
      const command = snapshot.data();
      if (command === undefined || command.expiresAt.getTime() > now.getTime()) continue;
      if (command.status !== 'queued' && command.status !== 'sent') continue;
      transaction.update(snapshot.ref, {
        status: command.status === 'sent' ? 'timed-out' : 'expired',
        finishedAt: now,
      });
      settled++;
    }
    const device = deviceSnapshot.data();
    if (device !== undefined && settled > 0) {
      transaction.update(deviceRef, {
        control: withCommandsFinished(controlOf(device), settled),
      });
    }
    return settled;
  });
}

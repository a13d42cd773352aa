import { createHash } from 'node:crypto';
import { COMMAND_TIMEOUT_SECONDS, FINAL_COMMAND_STATUSES } from '@gadget/shared';
import type { CommandDoc, CommandValues } from '@gadget/shared';
import { db } from '../../admin.ts';
import { failedPrecondition, invalidArgument, notFound, resourceExhausted } from '../../errors.ts';
import { collections } from '../../data/collections.ts';
import { requireRole } from '../devices/device-access.ts';
import { consumeRateLimitsInTransaction } from '../limits/rate-limits.ts';
import type { RateLimit } from '../limits/rate-limits.ts';
import { controlOf, sameEntries, withCommandsFinished } from './control-state.ts';
import { commandProblems } from './setting-checks.ts';

/** Unfinished commands a device may hold: a gadget that never calls cannot pile up more. */
export const MAX_UNFINISHED_COMMANDS = 20;
/** A finished command is kept this long after its deadline for the app's history (TTL). */
const KEEP_AFTER_DEADLINE_MS = 30 * 24 * 3600 * 1000;

/** Commands per device per minute, whoever sends them. */
export function commandRateLimit(deviceId: string): RateLimit {
  return { key: `command:${deviceId}`, limit: 30, windowMs: 60_000 };
}

export interface SendCommandInput {
  readonly uid: string;
  readonly deviceId: string;
  readonly command: string;
  readonly params?: CommandValues | undefined;
  readonly timeoutSeconds?: number | undefined;
  readonly idempotencyKey?: string | undefined;
  readonly now?: Date;
}

/**
 * `sendCommand`: one transaction reads the device (role, model, firmware, unfinished count), the
 * per-device rate limit and, with an idempotency key, the command that key names; it writes the
 * command, the count on the device and the limit. A key's command id is derived from device, user
 * and key, so a retry finds the first call's command and creates nothing.
 */
export async function queueCommand(input: SendCommandInput): Promise<{ commandId: string }> {
  const now = input.now ?? new Date();
  const deviceRef = collections.devices().doc(input.deviceId);
  const params = input.params ?? {};
  const commandRef =
    input.idempotencyKey === undefined
      ? collections.commands(input.deviceId).doc()
      : collections
          .commands(input.deviceId)
          .doc(idempotentCommandId(input.deviceId, input.uid, input.idempotencyKey));
  return db().runTransaction(async (transaction) => {
    const device = requireRole((await transaction.get(deviceRef)).data(), input.uid, [
      'owner',
      'admin',
    ]).device;
    if (input.idempotencyKey !== undefined) {
      const earlier = (await transaction.get(commandRef)).data();
      if (earlier !== undefined) {
        if (earlier.command !== input.command || !sameEntries(earlier.params, params)) {
          throw failedPrecondition(
            'This idempotency key was used for another command or other parameters.',
          );
        }
        return { commandId: commandRef.id };
      }
    }
    const problems = commandProblems(
      device.model,
      input.command,
      params,
      device.status.firmware?.version ?? null,
    );
    if (Object.keys(problems).length > 0) {
      throw invalidArgument('This command is not valid for this device.', {
        formErrors: [],
        fieldErrors: problems,
      });
    }
    const control = controlOf(device);
    if (control.pendingCommands >= MAX_UNFINISHED_COMMANDS) {
      throw resourceExhausted(
        `This device already has ${String(MAX_UNFINISHED_COMMANDS)} unfinished commands. Wait for them, or cancel some.`,
      );
    }
    await consumeRateLimitsInTransaction(
      transaction,
      [commandRateLimit(input.deviceId)],
      now,
      'Too many commands for this device. Try again in a minute.',
    );
    const timeoutMs = (input.timeoutSeconds ?? COMMAND_TIMEOUT_SECONDS.default) * 1000;
    const expiresAt = new Date(now.getTime() + timeoutMs);
    const command: CommandDoc = {
      command: input.command,
      params,
      status: 'queued',
      createdBy: input.uid,
      createdAt: now,
      expiresAt,
      sentAt: null,
      finishedAt: null,
      result: null,
      idempotencyKey: input.idempotencyKey ?? null,
      expireAt: new Date(expiresAt.getTime() + KEEP_AFTER_DEADLINE_MS),
    };
    transaction.create(commandRef, command);
    transaction.update(deviceRef, {
      control: { ...control, pendingCommands: control.pendingCommands + 1 },
    });
    return { commandId: commandRef.id };
  });
}

/**
 * `cancelCommand`: an unfinished command becomes `cancelled` (2 reads, 2 writes). A gadget that
 * fetched it already may still run it; its acknowledgement then changes nothing.
 */
export async function cancelCommand(
  uid: string,
  deviceId: string,
  commandId: string,
  now: Date = new Date(),
): Promise<void> {
  const deviceRef = collections.devices().doc(deviceId);
  const commandRef = collections.commands(deviceId).doc(commandId);
  await db().runTransaction(async (transaction) => {
    const [deviceSnapshot, commandSnapshot] = await Promise.all([
      transaction.get(deviceRef),
      transaction.get(commandRef),
    ]);
    const { device } = requireRole(deviceSnapshot.data(), uid, ['owner', 'admin']);
    const command = commandSnapshot.data();
    if (command === undefined) throw notFound('No such command on this device.');
    if (FINAL_COMMAND_STATUSES.includes(command.status)) {
      throw failedPrecondition(`This command has already finished: ${command.status}.`, {
        status: command.status,
      });
    }
    transaction.update(commandRef, { status: 'cancelled', finishedAt: now });
    transaction.update(deviceRef, { control: withCommandsFinished(controlOf(device), 1) });
  });
}

/** A command id no other device, user or key shares (hex, within the command id pattern). */
export function idempotentCommandId(deviceId: string, uid: string, key: string): string {
  return createHash('sha256').update(`${deviceId}\n${uid}\n${key}`).digest('hex').slice(0, 40);
}

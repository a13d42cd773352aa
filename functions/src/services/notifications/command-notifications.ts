import { FINAL_COMMAND_STATUSES, UNSUCCESSFUL_COMMAND_STATUSES } from '@gadget/shared';
import type { CommandDoc, CommandStatus } from '@gadget/shared';
import { notifyUsers } from './fan-out.ts';
import type { FanOutContext, FanOutReport } from './fan-out.ts';
import type { CommandFailure, NotificationContent } from './localisation.ts';
import { collections } from '../../data/collections.ts';

/** A command that ended unsuccessfully, before it is checked against the device. */
export interface CommandNews {
  /** `command-failed-{deviceId}-{commandId}`: a command ends once, so one entry per command. */
  readonly id: string;
  /** The member who sent it: the only one told. */
  readonly sender: string;
  readonly content: Extract<NotificationContent, { kind: 'command-failed' }>;
}

/** Why news of a command reached no one. */
export type CommandSilence = 'device-gone' | 'not-a-member';

export type CommandNotifyResult =
  | { readonly told: true; readonly outcome: CommandFailure; readonly report: FanOutReport }
  | { readonly told: false; readonly reason: CommandSilence };

function isUnsuccessful(status: CommandStatus): status is CommandFailure {
  return UNSUCCESSFUL_COMMAND_STATUSES.includes(status);
}

/**
 * The news in one command write: only the step into failed, rejected, timed-out or expired. A
 * write whose before is already final is no step (final statuses never change), so a redelivered
 * event, a late write to a finished command or an out-of-order older event tells nothing new;
 * succeeded and cancelled tell no one (the sender saw the one and chose the other).
 */
export function commandNewsOf(
  deviceId: string,
  commandId: string,
  before: CommandDoc | undefined,
  after: CommandDoc | undefined,
): CommandNews | null {
  if (after === undefined || !isUnsuccessful(after.status)) return null;
  if (before !== undefined && FINAL_COMMAND_STATUSES.includes(before.status)) return null;
  return {
    id: `command-failed-${deviceId}-${commandId}`,
    sender: after.createdBy,
    content: { kind: 'command-failed', command: after.command, outcome: after.status },
  };
}

/**
 * Tells the sender of a command that it did not succeed, in their inbox and on their phones, under
 * the device's mute and their deviceStatus preference like other device news (not throttled: each
 * command is one the sender asked for). The device is read first: nobody hears about a device that
 * is gone, nor a sender who is no longer its member (removed, left), whatever they once sent.
 */
export async function notifyCommandOutcome(
  deviceId: string,
  commandId: string,
  before: CommandDoc | undefined,
  after: CommandDoc | undefined,
  at: Date,
  context: FanOutContext,
): Promise<CommandNotifyResult | null> {
  const news = commandNewsOf(deviceId, commandId, before, after);
  if (news === null) return null;
  const device = (await collections.devices().doc(deviceId).get()).data();
  if (device === undefined) return { told: false, reason: 'device-gone' };
  if (!Object.hasOwn(device.members, news.sender)) return { told: false, reason: 'not-a-member' };
  const report = await notifyUsers(
    [news.sender],
    {
      id: news.id,
      content: news.content,
      device: { id: deviceId, name: device.name, muted: device.muted },
      alertId: null,
      critical: false,
      quiet: false,
      throttled: false,
      at,
    },
    context,
  );
  return { told: true, outcome: news.content.outcome, report };
}

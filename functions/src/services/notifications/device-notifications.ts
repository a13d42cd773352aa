import { createHash } from 'node:crypto';
import type { Device } from '@gadget/shared';
import { notifyUsers } from './fan-out.ts';
import type { FanOutContext, FanOutReport, Notification } from './fan-out.ts';
import { isThrottled, THROTTLED_KINDS } from './throttle.ts';
import { collections } from '../../data/collections.ts';

/** One piece of news in a device write, before it is addressed to anyone. */
export interface DeviceNews {
  readonly id: string;
  readonly content: Notification['content'];
  /** Who is not told (the member who joined hears nothing of it). */
  readonly except: string | null;
}

/**
 * The news in one device write: an online/offline transition, members joined or left (firmware
 * news comes from the gadget's `ota/current`). Writes that change none of these (readings, settings, the same transition again)
 * give nothing; a device's first connection is no "back online". Members the write took off for a
 * release (`released`) did not leave: the release tells them itself, and tells nobody else, least
 * of all the owner who released the device or deleted their account.
 */
export function deviceNewsOf(
  deviceId: string,
  before: Device | undefined,
  after: Device | undefined,
  released: ReadonlySet<string> = new Set(),
): DeviceNews[] {
  if (before === undefined || after === undefined) return [];
  const news: DeviceNews[] = [];
  const transition = after.lastTransition;
  if (transition !== undefined && transition.seq !== before.lastTransition?.seq) {
    const firstContact = transition.kind === 'online' && before.lastTransition === undefined;
    if (!firstContact) {
      news.push({
        id: `${transition.kind}-${deviceId}-${String(transition.seq)}`,
        content: { kind: transition.kind },
        except: null,
      });
    }
  }
  for (const uid of Object.keys(after.members)) {
    if (Object.hasOwn(before.members, uid)) continue;
    const since = after.memberSince[uid]?.getTime() ?? 0;
    news.push({
      id: `member-joined-${deviceId}-${memberKey(uid)}-${String(since)}`,
      content: { kind: 'member-joined', memberName: null },
      except: uid,
    });
  }
  for (const uid of Object.keys(before.members)) {
    if (Object.hasOwn(after.members, uid) || released.has(uid)) continue;
    const since = before.memberSince[uid]?.getTime() ?? 0;
    news.push({
      id: `member-left-${deviceId}-${memberKey(uid)}-${String(since)}`,
      content: { kind: 'member-left', memberName: null },
      except: uid,
    });
  }
  return news;
}

/**
 * Tells the device's members the news in a write. The device is read again first: a transition
 * already superseded by a newer one (a late or out-of-order event) is not told, nor anything about
 * a device that is gone.
 */
export async function notifyDeviceChange(
  deviceId: string,
  before: Device | undefined,
  after: Device | undefined,
  at: Date,
  context: FanOutContext,
  released: ReadonlySet<string> = new Set(),
): Promise<FanOutReport[]> {
  const news = deviceNewsOf(deviceId, before, after, released);
  if (news.length === 0) return [];
  const current = (await collections.devices().doc(deviceId).get()).data();
  if (current === undefined) return [];
  const reports: FanOutReport[] = [];
  for (const item of news) {
    if (isSuperseded(item, after, current)) continue;
    const kind = item.content.kind;
    const throttled = THROTTLED_KINDS.has(kind)
      ? await isThrottled(deviceId, kind, item.id, at)
      : false;
    const content = await withMemberName(item.content, item.except);
    if (content === null) continue;
    reports.push(
      await notifyUsers(
        Object.keys(current.members).filter((uid) => uid !== item.except),
        {
          id: item.id,
          content,
          device: { id: deviceId, name: current.name, muted: current.muted },
          alertId: null,
          critical: false,
          quiet: false,
          throttled,
          at,
        },
        context,
      ),
    );
  }
  return reports;
}

function isSuperseded(item: DeviceNews, after: Device | undefined, current: Device): boolean {
  const kind = item.content.kind;
  if (kind === 'online' || kind === 'offline') {
    return (current.lastTransition?.seq ?? 0) > (after?.lastTransition?.seq ?? 0);
  }
  return false;
}

/**
 * The member's display name for a join or leave, or null when their account is gone or being
 * deleted: a deleted account leaves nothing behind, not even its name in others' inboxes.
 */
async function withMemberName(
  content: Notification['content'],
  uid: string | null,
): Promise<Notification['content'] | null> {
  if ((content.kind !== 'member-joined' && content.kind !== 'member-left') || uid === null) {
    return content;
  }
  const [profile, deletion] = await Promise.all([
    collections.users().doc(uid).get(),
    collections.accountDeletions().doc(uid).get(),
  ]);
  if (!profile.exists || deletion.exists) return null;
  return { ...content, memberName: profile.data()?.displayName ?? null };
}

/** A member's uid as it appears in notification ids: a digest, so no uid lands in others' data. */
function memberKey(uid: string): string {
  return createHash('sha256').update(uid).digest('hex').slice(0, 16);
}

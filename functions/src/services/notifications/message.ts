import { createHash } from 'node:crypto';
import type { TokenMessage } from '../../push/index.ts';
import type { ContentKind, Words } from './localisation.ts';
import type { Language } from './localisation.ts';

/** FCM refuses messages whose payload is larger than this. */
export const MAX_PAYLOAD_BYTES = 4096;
/** APNs ignores a collapse id longer than this. */
const APNS_COLLAPSE_ID_MAX_BYTES = 64;

/** What a push carries besides its words; the same for every token of a notification. */
export interface Envelope {
  /** The inbox entry's id: also the collapse key, so a repeated push replaces, never stacks. */
  readonly notificationId: string;
  readonly kind: ContentKind;
  readonly deviceId: string | null;
  readonly alertId: string | null;
  /** Critical alerts: high priority, their own sound, and they break through quiet hours. */
  readonly critical: boolean;
  /** Quieter messages (back to normal): no sound, normal priority. */
  readonly quiet: boolean;
  /** The app's deep link. */
  readonly link: string;
  /** Where a web push opens (https). */
  readonly webLink: string;
}

export function deepLink(deviceId: string | null, alertId: string | null): string {
  if (deviceId === null) return 'gadget://notifications';
  const device = `gadget://devices/${encodeURIComponent(deviceId)}`;
  return alertId === null ? device : `${device}/alerts/${encodeURIComponent(alertId)}`;
}

export function webLink(appUrl: string, deviceId: string | null, alertId: string | null): string {
  const base = appUrl.replace(/\/+$/, '');
  if (deviceId === null) return `${base}/notifications`;
  const device = `${base}/devices/${encodeURIComponent(deviceId)}`;
  return alertId === null ? device : `${device}/alerts/${encodeURIComponent(alertId)}`;
}

/** The id itself when APNs accepts it, else a digest of it (still stable per notification). */
export function collapseIdOf(notificationId: string): string {
  if (Buffer.byteLength(notificationId) <= APNS_COLLAPSE_ID_MAX_BYTES) return notificationId;
  return createHash('sha256').update(notificationId).digest('hex').slice(0, 32);
}

/**
 * One token's message: FCM's fields for Android, APNs and web push, and the app's data. `language`
 * is the one `words` are in: FCM has no field for it (Android and APNs only know localisation keys
 * the phone resolves), so it travels as `data.locale`.
 */
export function buildMessage(
  envelope: Envelope,
  words: Words,
  token: string,
  language: Language,
): TokenMessage {
  const fitted = fitWords(envelope, words, language);
  return { token, ...payloadOf(envelope, fitted, language) };
}

/** The encoded size FCM counts against its limit: the message without its token. */
export function payloadBytes(envelope: Envelope, words: Words, language: Language): number {
  return Buffer.byteLength(JSON.stringify(payloadOf(envelope, words, language)));
}

/**
 * Shortens the body, then the title, until the payload fits. Device names and texts are bounded,
 * so this only bites on pathological input; cutting beats FCM refusing the message outright.
 */
function fitWords(envelope: Envelope, words: Words, language: Language): Words {
  let { title, body } = words;
  const bytes = () => payloadBytes(envelope, { title, body }, language);
  while (bytes() > MAX_PAYLOAD_BYTES && body.length > 1) {
    body = shorten(body);
  }
  while (bytes() > MAX_PAYLOAD_BYTES && title.length > 1) {
    title = shorten(title);
  }
  return { title, body };
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** About 90 % of the text, cut between user-perceived characters (never inside an emoji). */
function shorten(text: string): string {
  const parts = Array.from(graphemes.segment(text), (part) => part.segment);
  const keep = Math.max(1, Math.floor(parts.length * 0.9) - 1);
  return `${parts.slice(0, keep).join('')}…`;
}

function payloadOf(
  envelope: Envelope,
  words: Words,
  language: Language,
): Omit<TokenMessage, 'token'> {
  const collapseId = collapseIdOf(envelope.notificationId);
  const sound = envelope.quiet ? undefined : envelope.critical ? 'critical.caf' : 'default';
  const data: Record<string, string> = {
    kind: envelope.kind,
    notificationId: envelope.notificationId,
    link: envelope.link,
    locale: language,
    ...(envelope.deviceId === null ? {} : { deviceId: envelope.deviceId }),
    ...(envelope.alertId === null ? {} : { alertId: envelope.alertId }),
  };
  return {
    notification: { title: words.title, body: words.body },
    data,
    android: {
      collapseKey: collapseId,
      priority: envelope.critical ? 'high' : 'normal',
      notification: {
        tag: collapseId,
        channelId: `gadget-${envelope.kind}`,
        ...(envelope.critical ? { sound: 'critical' } : {}),
      },
    },
    apns: {
      headers: {
        'apns-collapse-id': collapseId,
        'apns-priority': envelope.critical || !envelope.quiet ? '10' : '5',
      },
      payload: {
        aps: {
          ...(envelope.deviceId === null ? {} : { threadId: envelope.deviceId }),
          ...(sound === undefined ? {} : { sound }),
        },
      },
    },
    webpush: { fcmOptions: { link: envelope.webLink } },
  };
}

import { describe, expect, it } from 'vitest';
import { LIMITS } from '@gadget/shared';
import type { NotificationContent } from './localisation.ts';
import { formatValue, pickLanguage, wordsFor } from './localisation.ts';
import { buildMessage, collapseIdOf, MAX_PAYLOAD_BYTES, payloadBytes } from './message.ts';
import type { Envelope } from './message.ts';

const envelope: Envelope = {
  notificationId: 'alert-dev1-temperature-max-3-open-0',
  kind: 'alert',
  deviceId: 'dev1',
  alertId: 'temperature-max-3',
  critical: true,
  quiet: false,
  link: 'gadget://devices/dev1/alerts/temperature-max-3',
  webLink: 'https://app.gadget.example/devices/dev1/alerts/temperature-max-3',
};

const CONTENTS: NotificationContent[] = [
  {
    kind: 'alert',
    metric: 'pm25',
    value: 999.9,
    threshold: 100,
    direction: 'above',
    critical: true,
  },
  { kind: 'alert-cleared', metric: 'humidity', value: 40 },
  { kind: 'battery', value: 3, critical: true },
  { kind: 'offline' },
  { kind: 'online' },
  { kind: 'firmware', version: '1000.1000.1000', outcome: 'waiting' },
  { kind: 'firmware', version: '1000.1000.1000', outcome: 'rolled-back' },
  { kind: 'member-joined', memberName: 'Ä'.repeat(LIMITS.displayNameMaxLength) },
  { kind: 'member-left', memberName: null },
  { kind: 'reminder', text: '🌡️'.repeat(LIMITS.scheduleMessageMaxLength) },
  { kind: 'device-released' },
  { kind: 'command-failed', command: 'c'.repeat(40), outcome: 'expired' },
];

describe('messages', () => {
  it('fit in 4,096 bytes with the longest device name in every language, untrimmed', () => {
    // Four-byte characters: the most bytes a 60-character name can take.
    const deviceName = '😀'.repeat(LIMITS.deviceNameMaxLength);
    for (const language of ['en', 'de'] as const) {
      for (const content of CONTENTS) {
        const words = wordsFor(content, { deviceName, language, units: 'imperial' });
        expect(payloadBytes(envelope, words, language)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
        const message = buildMessage(envelope, words, 'token', language);
        expect(message.notification).toEqual(words);
        expect(message.data?.locale).toBe(language);
      }
    }
  });

  it('are cut to fit when a text is pathologically long, between whole characters', () => {
    const words = { title: 'T', body: '👍🏽'.repeat(2000) };
    const message = buildMessage(envelope, words, 'token', 'en');
    const { token: _token, ...payload } = message;
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(message.notification?.body?.endsWith('👍🏽…')).toBe(true);
  });

  it('carry the data (with the language of their words), collapse ids, channels, priorities and the web link', () => {
    const message = buildMessage(envelope, { title: 't', body: 'b' }, 'tok', 'de');
    expect(message).toMatchObject({
      token: 'tok',
      data: {
        kind: 'alert',
        deviceId: 'dev1',
        alertId: 'temperature-max-3',
        link: envelope.link,
        notificationId: envelope.notificationId,
        locale: 'de',
      },
      android: {
        collapseKey: envelope.notificationId,
        priority: 'high',
        notification: { tag: envelope.notificationId, channelId: 'gadget-alert' },
      },
      apns: {
        headers: { 'apns-collapse-id': envelope.notificationId, 'apns-priority': '10' },
        payload: { aps: { threadId: 'dev1', sound: 'critical.caf' } },
      },
      webpush: { fcmOptions: { link: envelope.webLink } },
    });
    const quiet = buildMessage(
      { ...envelope, critical: false, quiet: true },
      { title: 't', body: 'b' },
      'tok',
      'en',
    );
    expect(quiet.android?.priority).toBe('normal');
    expect(quiet.apns?.headers?.['apns-priority']).toBe('5');
    expect(quiet.apns?.payload?.aps.sound).toBeUndefined();
  });

  it('shorten collapse ids APNs would ignore, stably', () => {
    const long = `alert-${'d'.repeat(64)}-temperature-max-1-open-0`;
    expect(collapseIdOf(long)).toHaveLength(32);
    expect(collapseIdOf(long)).toBe(collapseIdOf(long));
  });
});

describe('localisation', () => {
  it('picks the first supported language, falling back to English', () => {
    expect(pickLanguage('de-AT', 'en')).toBe('de');
    expect(pickLanguage('fr-FR', 'de-DE')).toBe('de');
    expect(pickLanguage(null, 'ja')).toBe('en');
    expect(pickLanguage(undefined, undefined)).toBe('en');
  });

  it('shows values in the recipient’s units and number format', () => {
    expect(formatValue('temperature', 21.5, 'en', 'metric')).toBe('21.5 °C');
    expect(formatValue('temperature', 21.5, 'de', 'metric')).toBe('21,5 °C');
    expect(formatValue('temperature', 21.5, 'en', 'imperial')).toBe('70.7 °F');
    expect(formatValue('humidity', 40, 'en', 'imperial')).toBe('40%');
    expect(formatValue('humidity', 40, 'de', 'metric')).toBe('40 %');
    const words = wordsFor(
      {
        kind: 'alert',
        metric: 'temperature',
        value: 30,
        threshold: 25,
        direction: 'above',
        critical: false,
      },
      { deviceName: 'Keller', language: 'de', units: 'imperial' },
    );
    expect(words).toEqual({
      title: 'Temperatur zu hoch bei Keller',
      body: 'Temperatur beträgt 86 °F (Grenzwert 77 °F).',
    });
  });
});

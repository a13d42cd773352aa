// onAlertWritten end to end on the harness: fan-out in chunks, pruning, retries, exactly-once,
// preferences, mute and quiet hours, language and payload, with FCM answers scripted in the outbox.
import { describe, expect, it } from 'vitest';
import { startProductCloud, sharedCloud } from '../helpers/product-cloud.ts';
import {
  deliveredTokens,
  inbox,
  PUSH_ENV,
  seedDevice,
  seedProfile,
  seedTokens,
  tokenCount,
  tokenHash,
  pushed,
  writeAlert,
} from './push-fixtures.ts';

const cloud = sharedCloud(() => startProductCloud({ functionsEnv: PUSH_ENV }));

const OPEN_ID = 'alert-dev1-temperature-max-1-open-0';
/** Past the alert push window (15 minutes by default). */
const WINDOW_END_MS = 16 * 60_000;

describe('onAlertWritten fan-out', () => {
  it('sends 1,200 tokens in 3 sendEach calls and records every token on the inbox entries', async () => {
    const members = Array.from({ length: 60 }, (_, i) => `m${String(i)}`);
    await Promise.all(members.map((uid) => seedProfile(cloud, uid)));
    await Promise.all(members.map((uid) => seedTokens(cloud, uid, 20)));
    await seedDevice(cloud, 'dev1', members);
    await cloud.idle();
    await writeAlert(cloud, 'dev1', 'temperature-max-1');

    expect(cloud.outbox.sendCalls).toBe(3);
    expect(cloud.outbox.delivered()).toHaveLength(1200);
    expect(new Set(deliveredTokens(cloud)).size).toBe(1200);
    const entry = (await inbox(cloud, 'm7'))[OPEN_ID];
    expect(entry).toMatchObject({ kind: 'alert', deviceId: 'dev1', alertId: 'temperature-max-1' });
    expect((entry?.push as { sentTokens: string[] }).sentTokens).toHaveLength(20);
    expect(entry?.push).toMatchObject({ status: 'sent', skipped: null });
  }, 30_000);

  it('prunes exactly the dead tokens of a mixed batch and keeps the rest', async () => {
    await seedProfile(cloud, 'owner');
    const tokens = await seedTokens(cloud, 'owner', 6);
    const [live, notRegistered, invalid, mismatched, badArgument, unknown] = tokens as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    cloud.outbox.scriptFailure({ token: notRegistered, code: 'registration-token-not-registered' });
    cloud.outbox.scriptFailure({ token: invalid, code: 'invalid-registration-token' });
    cloud.outbox.scriptFailure({ token: mismatched, code: 'mismatched-credential' });
    // The same message reached other tokens, so the token is what FCM refused.
    cloud.outbox.scriptFailure({ token: badArgument, code: 'invalid-argument' });
    cloud.outbox.scriptFailure({ token: unknown, code: 'third-party-auth-error' });
    await seedDevice(cloud, 'dev1', ['owner']);
    await writeAlert(cloud, 'dev1', 'temperature-max-1');

    expect(deliveredTokens(cloud)).toEqual([live]);
    const left = await cloud.firestore.collection('users/owner/pushTokens').get();
    expect(left.docs.map((doc) => doc.id).sort()).toEqual(
      [tokenHash(live), tokenHash(unknown)].sort(),
    );
    const push = (await inbox(cloud, 'owner'))[OPEN_ID]?.push;
    expect(push).toMatchObject({ status: 'sent', sentTokens: [tokenHash(live)] });
  });

  it('keeps a token refused with invalid-argument when the message reached no token at all', async () => {
    await seedProfile(cloud, 'owner');
    const [only] = (await seedTokens(cloud, 'owner', 1)) as [string];
    cloud.outbox.scriptFailure({ token: only, code: 'invalid-argument' });
    await seedDevice(cloud, 'dev1', ['owner']);
    await writeAlert(cloud, 'dev1', 'temperature-max-1');
    expect(await tokenCount(cloud, 'owner')).toBe(1);
    expect((await inbox(cloud, 'owner'))[OPEN_ID]?.push).toMatchObject({ status: 'failed' });
  });

  it('retries transient errors with backoff until they succeed', async () => {
    await seedProfile(cloud, 'owner');
    const [flaky, steady] = (await seedTokens(cloud, 'owner', 2)) as [string, string];
    cloud.outbox.scriptFailure({ token: flaky, code: 'server-unavailable', times: 2 });
    await seedDevice(cloud, 'dev1', ['owner']);
    await writeAlert(cloud, 'dev1', 'temperature-max-1');

    expect(deliveredTokens(cloud)).toEqual([flaky, steady].sort());
    expect(cloud.outbox.sendCalls).toBe(3);
    expect(cloud.outbox.messages.filter((m) => m.message.token === steady)).toHaveLength(1);
    expect(await tokenCount(cloud, 'owner')).toBe(2);
  });

  it('fails the invocation on quota errors; the trigger’s retry sends only what is left', async () => {
    await seedProfile(cloud, 'owner');
    const [limited, fine] = (await seedTokens(cloud, 'owner', 2)) as [string, string];
    cloud.outbox.scriptFailure({ token: limited, code: 'quota-exceeded', times: 1 });
    await seedDevice(cloud, 'dev1', ['owner']);
    await writeAlert(cloud, 'dev1', 'temperature-max-1');

    const attempts = cloud.cloud.deliveries.filter((d) => d.functionName === 'onAlertWritten');
    expect(attempts.map((d) => d.outcome)).toEqual(['failed-will-retry', 'delivered']);
    expect(deliveredTokens(cloud)).toEqual([limited, fine].sort());
    expect(cloud.outbox.messages.filter((m) => m.message.token === fine)).toHaveLength(1);
  });

  it('delivered twice pushes once per token and writes one inbox entry', async () => {
    cloud.cloud.configureDelivery({ deliverTwice: true });
    await seedProfile(cloud, 'owner');
    await seedProfile(cloud, 'viewer');
    await seedTokens(cloud, 'owner', 3);
    await seedTokens(cloud, 'viewer', 2);
    await seedDevice(cloud, 'dev1', ['owner', 'viewer']);
    await writeAlert(cloud, 'dev1', 'temperature-max-1');

    expect(cloud.cloud.deliveries.filter((d) => d.functionName === 'onAlertWritten')).toHaveLength(
      2,
    );
    expect(cloud.outbox.messages).toHaveLength(5);
    expect(new Set(deliveredTokens(cloud)).size).toBe(5);
    expect(Object.keys(await inbox(cloud, 'viewer'))).toEqual([OPEN_ID]);
  });

  it('out of order (reversed), opening and clearing each push once', async () => {
    await seedProfile(cloud, 'owner');
    await seedTokens(cloud, 'owner', 1);
    await seedDevice(cloud, 'dev1', ['owner']);
    await cloud.idle();
    cloud.cloud.configureDelivery({ reverseOrder: true });
    const ref = cloud.firestore.doc('devices/dev1/alerts/temperature-max-1');
    await writeAlert(cloud, 'dev1', 'temperature-max-1');
    await ref.update({ state: 'cleared', clearedAt: new Date(), clearedValue: 25 });
    await cloud.idle();
    // A clear inside the alert push window is told when the window ends.
    expect(cloud.outbox.delivered()).toHaveLength(1);
    await cloud.runSchedule('alertClearFlush', new Date(Date.now() + WINDOW_END_MS));
    await cloud.idle();
    const entries = await inbox(cloud, 'owner');
    expect(Object.keys(entries).sort()).toEqual([
      'alert-dev1-temperature-max-1-cleared-0',
      OPEN_ID,
    ]);
    expect(cloud.outbox.delivered()).toHaveLength(2);
  });

  it('a reopened alert notifies again; acknowledging it does not; clearing is quieter', async () => {
    await seedProfile(cloud, 'owner');
    await seedTokens(cloud, 'owner', 1);
    await seedDevice(cloud, 'dev1', ['owner']);
    const ref = cloud.firestore.doc('devices/dev1/alerts/temperature-max-1');
    await writeAlert(cloud, 'dev1', 'temperature-max-1');
    await ref.update({
      state: 'acknowledged',
      acknowledgedBy: 'owner',
      acknowledgedAt: new Date(),
    });
    await cloud.idle();
    await ref.update({ state: 'cleared', clearedAt: new Date(), clearedValue: 25 });
    await cloud.idle();
    await cloud.runSchedule('alertClearFlush', new Date(Date.now() + WINDOW_END_MS));
    await cloud.idle();
    // Members were last told "back to normal", so reopening is news again, even in the window.
    await ref.update({ state: 'active', clearedAt: null, clearedValue: null, reopenCount: 1 });
    await cloud.idle();

    const kinds = pushed(cloud).map((m) => m.data?.kind);
    expect(kinds).toEqual(['alert', 'alert-cleared', 'alert']);
    const cleared = pushed(cloud)[1];
    expect(cleared?.android?.priority).toBe('normal');
    expect(cleared?.apns?.headers?.['apns-priority']).toBe('5');
    expect(cleared?.notification?.body).toBe('Temperature is back within its limits at 25 °C.');
  });

  it('prefs off, a muted device and quiet hours: inbox only, with the reason', async () => {
    await seedProfile(cloud, 'owner', { prefs: { alerts: false } });
    await seedProfile(cloud, 'quiet', { quietHours: { start: '00:00', end: '23:59' } });
    await seedProfile(cloud, 'phoneless');
    await seedTokens(cloud, 'owner', 1);
    await seedTokens(cloud, 'quiet', 1);
    await seedDevice(cloud, 'dev1', ['owner', 'quiet', 'phoneless']);
    await writeAlert(cloud, 'dev1', 'temperature-max-1');
    expect(cloud.outbox.messages).toHaveLength(0);
    const reason = async (uid: string) =>
      ((await inbox(cloud, uid))[OPEN_ID]?.push as { skipped: string }).skipped;
    expect(await reason('owner')).toBe('prefs-off');
    expect(await reason('quiet')).toBe('quiet-hours');
    expect(await reason('phoneless')).toBe('no-tokens');

    await seedProfile(cloud, 'muted');
    await seedTokens(cloud, 'muted', 1);
    await seedDevice(cloud, 'dev2', ['muted'], { muted: true });
    await writeAlert(cloud, 'dev2', 'temperature-max-1');
    expect(cloud.outbox.messages).toHaveLength(0);
    expect((await inbox(cloud, 'muted'))['alert-dev2-temperature-max-1-open-0']).toMatchObject({
      push: { status: 'skipped', skipped: 'muted' },
      title: 'Temperature too high on Cellar',
    });
  });

  it('a critical alert pushes during quiet hours, with its sound and high priority', async () => {
    await seedProfile(cloud, 'owner', {
      timeZone: 'Europe/Berlin',
      quietHours: { start: '00:00', end: '23:59' },
    });
    const [token] = (await seedTokens(cloud, 'owner', 1)) as [string];
    await seedDevice(cloud, 'dev1', ['owner']);
    await writeAlert(cloud, 'dev1', 'temperature-max-1', { severity: 'critical', value: 50 });
    const [message] = pushed(cloud);
    expect(message?.token).toBe(token);
    expect(message?.android?.priority).toBe('high');
    expect(message?.apns?.payload?.aps).toEqual({ threadId: 'dev1', sound: 'critical.caf' });
    expect(message?.notification?.title).toBe('Critical: Temperature too high on Cellar');
  });

  it('speaks the token’s language, else the profile’s, else English; in the person’s units', async () => {
    await seedProfile(cloud, 'owner', { locale: 'de-DE', units: 'imperial' });
    await seedProfile(cloud, 'viewer', { locale: 'ja' });
    const [german] = (await seedTokens(cloud, 'owner', 1, { prefix: 'de' })) as [string];
    const [english] = (await seedTokens(cloud, 'owner', 1, { prefix: 'en', locale: 'en-GB' })) as [
      string,
    ];
    const [fallback] = (await seedTokens(cloud, 'viewer', 1)) as [string];
    await seedDevice(cloud, 'dev1', ['owner', 'viewer'], { name: 'Weinkeller' });
    await writeAlert(cloud, 'dev1', 'temperature-max-1');
    const byToken = new Map(pushed(cloud).map((m) => [m.token, m.notification]));
    expect(byToken.get(german)).toEqual({
      title: 'Temperatur zu hoch bei Weinkeller',
      body: 'Temperatur beträgt 88,7 °F (Grenzwert 86 °F).',
    });
    expect(byToken.get(english)?.title).toBe('Temperature too high on Weinkeller');
    expect(byToken.get(fallback)?.body).toBe('Temperature is 31.5 °C (limit 30 °C).');
    expect((await inbox(cloud, 'owner'))[OPEN_ID]?.title).toBe('Temperatur zu hoch bei Weinkeller');
  });

  it('keeps every message within 4,096 bytes for the longest name in the longest language', async () => {
    await seedProfile(cloud, 'owner', { locale: 'de' });
    await seedTokens(cloud, 'owner', 1);
    await seedDevice(cloud, 'dev1', ['owner'], { name: '😀'.repeat(60) });
    await writeAlert(cloud, 'dev1', 'temperature-max-1');
    const [message] = pushed(cloud);
    const { token: _token, ...payload } = message ?? { token: '' };
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThanOrEqual(4096);
    expect(message?.notification?.title).toContain('😀'.repeat(60));
  });

  it('never sends to stale tokens (60 days without refresh)', async () => {
    await seedProfile(cloud, 'owner');
    const [fresh] = (await seedTokens(cloud, 'owner', 1, { prefix: 'fresh' })) as [string];
    await seedTokens(cloud, 'owner', 1, {
      prefix: 'stale',
      updatedAt: new Date(Date.now() - 61 * 24 * 60 * 60 * 1000),
    });
    await seedDevice(cloud, 'dev1', ['owner']);
    await writeAlert(cloud, 'dev1', 'temperature-max-1');
    expect(deliveredTokens(cloud)).toEqual([fresh]);
  });

  it('tells battery low as a battery notification and stays silent when it clears', async () => {
    await seedProfile(cloud, 'owner');
    await seedTokens(cloud, 'owner', 1);
    await seedDevice(cloud, 'dev1', ['owner']);
    await writeAlert(cloud, 'dev1', 'battery-low-1', {
      rule: 'battery-low',
      metric: 'battery',
      threshold: 15,
      value: 12,
    });
    await cloud.firestore
      .doc('devices/dev1/alerts/battery-low-1')
      .update({ state: 'cleared', clearedValue: 25 });
    await cloud.idle();
    const messages = pushed(cloud);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.data?.kind).toBe('battery');
    expect(messages[0]?.notification?.body).toBe('Battery at 12%. Replace or charge it soon.');
  });
});

// The console as a developer uses it: headless Chromium on http://127.0.0.1:4000 against `npm start`,
// doing what the proofs name while the backend's real flows run, and refusing bad input
// without changing anything. Every page leaves a screenshot in test-artifacts/console/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable } from '../helpers/chromium.ts';
import { startDevServer, stopDevServer, waitForBanner } from './dev-server-process.ts';
import type { DevServer } from './dev-server-process.ts';
import { launchConsoleBrowser } from './console/console-browser.ts';
import type { ConsoleBrowser } from './console/console-browser.ts';
import {
  DEMO,
  DEMO_DEVICE,
  FIRESTORE,
  adminRead,
  call,
  claimsOf,
  clientRead,
  demoUserRecord,
  readings,
  signInDemo,
  signUp,
  upload,
} from './console/demo-app.ts';
import sharp from 'sharp';

const unavailable = browserUnavailable();
if (unavailable) console.warn(`Skipping the console tests: ${unavailable}.`);

describe.skipIf(unavailable !== undefined)('the console at :4000', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'gadget-console-'));
  let server: DevServer;
  let ui: ConsoleBrowser;
  let idToken: string;

  beforeAll(async () => {
    server = startDevServer(stateDir, ['--reset']);
    await waitForBanner(server);
    ui = await launchConsoleBrowser();
    idToken = await signInDemo();
  }, 90_000);

  afterAll(async () => {
    await ui.close();
    await stopDevServer(server);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('is in the banner, and the Overview lists the services and every function with its trigger', async () => {
    expect(server.output()).toContain('Console     http://127.0.0.1:4000');
    const page = await ui.open('#/overview');
    await page.getByRole('cell', { name: 'firestore', exact: true }).waitFor();
    const watchdog = page.locator('tr[data-function="deviceWatchdog"]');
    await expect.poll(() => watchdog.textContent()).toContain('schedule: every 5 minutes');
    expect(await page.locator('tr[data-function="onDeviceWritten"]').textContent()).toContain(
      'Firestore written: devices/{deviceId}',
    );
    await page.getByRole('button', { name: 'Load the seed' }).click();
    await page.getByText('Seed loaded (only what was missing).').waitFor();
    await ui.shot(page, 'overview');
    const dark = await ui.open('#/overview', 'dark');
    await dark.getByRole('cell', { name: 'firestore', exact: true }).waitFor();
    await ui.shot(dark, 'overview-dark');
  });

  it('finds the demo user, edits a custom claim and a new ID token carries it', async () => {
    const page = await ui.open('#/auth?q=demo');
    await page.getByRole('link', { name: /demo@gadget\.test/ }).click();
    expect(page.url()).toContain(`#/auth/${DEMO.uid}`);
    const claims = page.getByLabel('custom claims (JSON)');
    await claims.fill('{"beta": tru');
    await page.getByRole('button', { name: 'Save user' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Custom claims are not valid JSON');
    expect((await demoUserRecord()).customAttributes ?? '{}').not.toContain('beta');

    await claims.fill('{"beta": true, "tier": "gold"}');
    await page.getByRole('button', { name: 'Save user' }).click();
    await page.getByText('Saved. New ID tokens carry these claims.').waitFor();
    await ui.shot(page, 'auth');
    idToken = await signInDemo();
    expect(claimsOf(idToken)).toMatchObject({ beta: true, tier: 'gold' });

    await page.getByRole('link', { name: 'Create a user' }).click();
    await page.getByLabel('Email').fill('console-made@gadget.test');
    await page.getByLabel('Password').fill('console-password');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: 'Delete user' }).waitFor();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete user' }).click();
    await page.waitForURL(/#\/auth$/);
    await page.getByRole('link', { name: /demo@gadget\.test/ }).waitFor();
    // The list reloads after the deletion answers; until then it still shows the user.
    await expect.poll(() => page.getByRole('link', { name: /console-made/ }).count()).toBe(0);
  });

  it(`shows devices/${DEMO_DEVICE}'s latest change while readings are submitted`, async () => {
    const page = await ui.open(`#/firestore/devices/${DEMO_DEVICE}`);
    const latest = page.locator('tr[data-field="latest"] [data-value]');
    await latest.waitFor();
    await call(idToken, 'updateDevice', {
      deviceId: DEMO_DEVICE,
      thresholds: { temperature: { max: 30, hysteresis: 1 } },
    });
    for (const temperature of [21.25, 22.5]) {
      await call(idToken, 'submitReadings', {
        deviceId: DEMO_DEVICE,
        readings: readings(`console-${String(temperature).replace('.', '_')}`, [{ temperature }]),
      });
      await expect
        .poll(() => latest.textContent())
        .toContain(`"temperature":${String(temperature)}`);
    }
    await ui.shot(page, 'firestore-document');
  });

  it("shows a gadget's desired and reported settings and its commands, updated live", async () => {
    const device = `devices/${DEMO_DEVICE}`;
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    const key = (version: number) => ({ version, setBy: DEMO.uid, setAt: at(-5), via: 'app' });
    // What setDeviceSettings, ingest and sendCommand write, written here with admin rights: the
    // gadget applied version 2 (displayUnit) and has yet to apply version 3 (screenBrightness).
    const desired = {
      version: 3,
      values: { displayUnit: 'fahrenheit', screenBrightness: 40 },
      keys: { displayUnit: key(2), screenBrightness: key(3) },
      updatedAt: at(-5),
    };
    const reported = (applied: number, screenBrightness: number) => ({
      seq: null,
      values: { displayUnit: 'fahrenheit', screenBrightness },
      appliedDesiredVersion: applied,
      refused: {},
      firmware: '1.4.0',
      via: 'wifi',
      relayedBy: null,
      verified: true,
      reportedAt: at(-1),
    });
    const summary = (applied: number, pendingKeys: string[], pendingCommands: number) => ({
      desiredVersion: 3,
      appliedVersion: applied,
      pendingKeys,
      refusedKeys: {},
      lastSyncAt: at(-1),
      syncedVia: 'wifi',
      pendingCommands,
      reportIntervalSeconds: null,
      watchUntil: at(2),
    });
    const command = (status: string) => ({
      command: 'identify',
      params: { durationSeconds: 10 },
      status,
      createdBy: DEMO.uid,
      createdAt: at(-2),
      expiresAt: at(10),
      sentAt: null,
      finishedAt: status === 'queued' ? null : at(0),
      result: null,
      idempotencyKey: null,
      expireAt: at(60 * 24 * 30),
    });
    await adminWrite(`${device}/state/desired`, desired);
    await adminWrite(`${device}/state/reported`, reported(2, 70));
    await adminWrite(`${device}/commands/console-identify`, command('queued'));
    await adminWrite(device, { control: summary(2, ['screenBrightness'], 1) }, 'control');
    const page = await ui.open(`#/firestore/${device}`);
    const panel = page.getByRole('region', { name: 'Gadget control' });
    const state = (setting: string) => panel.locator(`tr[data-setting="${setting}"] [data-state]`);
    const status = panel.locator('tr[data-command="console-identify"] [data-status]');
    await expect.poll(() => state('screenBrightness').textContent()).toBe('pending');
    await expect.poll(() => state('displayUnit').textContent()).toBe('applied');
    await expect.poll(() => status.textContent()).toBe('queued');
    await expect
      .poll(() => panel.getByTestId('control-summary').textContent())
      .toContain('pending: screenBrightness');
    expect(await panel.locator('tr[data-setting="screenBrightness"]').textContent()).toContain(
      `v3${DEMO.uid}app`,
    );
    await ui.shot(page, 'firestore-gadget-control');

    // The gadget applies version 3 and answers the command: the panel follows without a reload.
    await adminWrite(`${device}/state/reported`, reported(3, 40));
    await adminWrite(`${device}/commands/console-identify`, command('succeeded'));
    await adminWrite(device, { control: summary(3, [], 0) }, 'control');
    await expect.poll(() => state('screenBrightness').textContent()).toBe('applied');
    await expect.poll(() => status.textContent()).toBe('succeeded');
    await expect
      .poll(() => panel.getByTestId('control-summary').textContent())
      .toContain('applied v3');

    // Under the device's other documents too (here its desired state), in dark.
    const dark = await ui.open(`#/firestore/${device}/state/desired`, 'dark');
    const darkPanel = dark.getByRole('region', { name: 'Gadget control' });
    await expect
      .poll(() =>
        darkPanel.locator('tr[data-setting="screenBrightness"] [data-state]').textContent(),
      )
      .toBe('applied');
    await ui.shot(dark, 'firestore-gadget-control-dark');
  });

  it('refuses a field edit to an invalid type and changes nothing', async () => {
    const before = await adminRead(`devices/${DEMO_DEVICE}`);
    const page = await ui.open(`#/firestore/devices/${DEMO_DEVICE}`);
    await page.getByRole('button', { name: 'Edit name' }).click();
    const row = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save' }) });
    await row.getByLabel('Type').selectOption('integer');
    await row.getByLabel('Value').fill('Living room');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.getByRole('alert').textContent()).toContain('is not an integer');
    expect(await adminRead(`devices/${DEMO_DEVICE}`)).toEqual(before);
  });

  it('adds a document and a typed field, edits the field and deletes both, with admin rights', async () => {
    const page = await ui.open('#/firestore/scratch');
    await page.getByLabel('Document id').fill('from-console');
    await page.getByRole('button', { name: 'Add document' }).click();
    await page.waitForURL(/#\/firestore\/scratch\/from-console$/);
    await page.getByLabel('Field name').fill('where');
    await page.getByLabel('Type').last().selectOption('geopoint');
    await page.getByLabel('Value').last().fill('52.52, 13.405');
    await page.getByRole('button', { name: 'Add field' }).click();
    const cell = page.locator('tr[data-field="where"] [data-value]');
    await expect.poll(() => cell.textContent()).toBe('52.52, 13.405');
    expect((await adminRead('scratch/from-console')).fields).toEqual({
      where: { geoPointValue: { latitude: 52.52, longitude: 13.405 } },
    });
    await page.getByRole('button', { name: 'Edit where' }).click();
    const editor = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save' }) });
    await editor.getByLabel('Value').fill('48.85, 2.35');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => cell.textContent()).toBe('48.85, 2.35');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete where' }).click();
    await expect.poll(async () => (await adminRead('scratch/from-console')).fields).toBeUndefined();
    await page.getByRole('button', { name: 'Delete document' }).click();
    await page.waitForURL(/#\/firestore\/scratch$/);
    expect(await adminRead('scratch/from-console')).toMatchObject({ error: { code: 404 } });
  });

  it('shows the index a query needs when strict indexes refuse it, and the op counters', async () => {
    const page = await ui.open('#/firestore/devices');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByLabel('Filter field').fill('model');
    await page.getByLabel('Filter value').fill('air-1');
    await page.getByRole('button', { name: 'Add order by' }).click();
    await page.getByLabel('Order field').fill('name');
    await page.getByRole('button', { name: 'Run query' }).click();
    const error = page.getByRole('alert');
    await expect.poll(() => error.textContent()).toMatch(/index/i);
    expect(await error.textContent()).toContain('name');
    expect(await page.getByTestId('ops').textContent()).toMatch(/\d/);
    await ui.shot(page, 'firestore-query-refused');
  });

  it("shows a denied client request and the rule's failing line on Requests", async () => {
    expect(await clientRead(idToken, 'users/someone-else')).toBe(403);
    const page = await ui.open('#/requests?verdict=denied&path=users/someone-else');
    await page
      .getByRole('button', { name: /users\/someone-else/ })
      .first()
      .click();
    const culprit = page.getByTestId('culprit').first();
    await expect.poll(() => culprit.textContent()).toMatch(/^line \d+:\d+/);
    expect(page.url()).toContain('open=');
    await ui.shot(page, 'requests');

    // A rule that reads another document: the trace shows the get() and what it found.
    expect(await clientRead(idToken, 'devices/no-such-device/alerts/a1')).toBe(403);
    const withGet = await ui.open('#/requests?verdict=denied&path=no-such-device');
    await withGet.getByRole('button', { name: /devices\/no-such-device\/alerts\/a1/ }).click();
    await expect
      .poll(() => withGet.getByTestId('accesses').textContent())
      .toMatch(/get\(devices\/no-such-device\) → missing/);
    await ui.shot(withGet, 'requests-get');
  });

  it('draws the alert push on the outbox page with its locale, and adds an injected failure', async () => {
    // A German-speaking viewer of the gadget: their push is worded in German and says so.
    const german = await signUp('console-de@gadget.test', 'console-password');
    await call(german.idToken, 'ensureProfile', {});
    await call(german.idToken, 'updateProfile', { locale: 'de-DE' });
    const { code } = (await call(idToken, 'createInvite', {
      deviceId: DEMO_DEVICE,
      role: 'viewer',
    })) as { code: string };
    await call(german.idToken, 'acceptInvite', { code });
    await call(german.idToken, 'registerPushToken', {
      token: 'console-german-phone',
      platform: 'ios',
      locale: 'de-DE',
    });
    await call(idToken, 'submitReadings', {
      deviceId: DEMO_DEVICE,
      readings: readings('console-hot', [{ temperature: 34 }]),
    });
    const page = await ui.open('#/outbox');
    const alert = page
      .locator('article[data-kind="alert"][data-token="demo-push-token-not-a-real-phone"]')
      .first();
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.getByLabel('Android lock screen').textContent()).toMatch(/too high/i);
    expect(await alert.getByLabel('iOS lock screen').textContent()).toMatch(/too high/i);
    expect(await alert.getByLabel('locale').textContent()).toBe('en');
    const inGerman = page.locator('article[data-kind="alert"][data-token="console-german-phone"]');
    await inGerman.first().waitFor({ timeout: 20_000 });
    expect(await inGerman.first().getByLabel('locale').textContent()).toBe('de');
    expect(await inGerman.first().getByLabel('iOS lock screen').textContent()).toMatch(/zu hoch/);
    await page.getByLabel('Token').fill('a-token-that-fails');
    await page.getByRole('button', { name: 'Add failure' }).click();
    await page
      .getByText('a-token-that-fails: messaging/registration-token-not-registered')
      .waitFor();
    await ui.shot(page, 'outbox');
  });

  it('runs the watchdog from Schedules and shows its log lines', async () => {
    const page = await ui.open('#/schedules');
    await page.getByRole('button', { name: 'Run deviceWatchdog now' }).click();
    const lines = page.getByTestId('run-log');
    await expect
      .poll(() => lines.textContent(), { timeout: 20_000 })
      .toContain('device watchdog run');
    // A user's reminder is a Cloud Scheduler job: it appears with its cron and time zone.
    await call(idToken, 'createSchedule', {
      kind: 'reminder',
      cron: '30 8 * * 1-5',
      timeZone: 'Europe/Paris',
      message: 'Water the plants',
    });
    await page.reload();
    const jobs = page.getByRole('table', { name: 'Cloud Scheduler jobs' });
    await expect.poll(() => jobs.textContent(), { timeout: 10_000 }).toContain('30 8 * * 1-5');
    expect(await jobs.textContent()).toContain('Europe/Paris');
    // Its owner is the Auth user, linked to the user's page.
    const owner = jobs.getByRole('link', { name: 'Demo User <demo@gadget.test>' });
    expect(await owner.getAttribute('href')).toBe(`#/auth/${DEMO.uid}`);
    await ui.shot(page, 'schedules');
    await owner.click();
    await page.waitForURL(new RegExp(`#/auth/${DEMO.uid}$`));
    await page
      .getByRole('form', { name: 'Edit user' })
      .getByRole('heading', { name: DEMO.uid })
      .waitFor();
    const logs = await ui.open('#/logs?fn=deviceWatchdog&pin=event');
    await logs.getByRole('columnheader', { name: 'event' }).waitFor();
    await expect.poll(() => logs.getByRole('table').textContent()).toContain('watchdog_run');
    await ui.shot(logs, 'logs');
  });

  it("previews an avatar upload and shows its variants beside the pipeline's manifest", async () => {
    const photo = await sharp({
      create: { width: 400, height: 300, channels: 3, background: { r: 40, g: 120, b: 200 } },
    })
      .jpeg()
      .toBuffer();
    const name = `uploads/users/${DEMO.uid}/avatar/me.jpg`;
    await upload(idToken, name, photo, 'image/jpeg');
    const page = await ui.open(
      `#/storage/demo-gadget.appspot.com/uploads/users/${DEMO.uid}/avatar?object=${encodeURIComponent(name)}`,
    );
    const variants = page.getByRole('region', { name: 'Variants' });
    await expect.poll(() => variants.textContent(), { timeout: 20_000 }).toContain('.webp');
    const manifest = page.getByRole('region', { name: 'Manifest' });
    await expect.poll(() => manifest.textContent(), { timeout: 20_000 }).toContain('variants');
    // The pipeline deleted the original once processed; its variants are previewed.
    await page
      .getByAltText(/^Preview of images\/users\/demo-user\/avatar\/\d+\.webp$/)
      .first()
      .waitFor();
    await ui.shot(page, 'storage-upload');
  });

  it('shows and sets the delivery switches on Events, and browses Storage', async () => {
    const page = await ui.open('#/events');
    const twice = page.getByLabel('deliver every event twice');
    const deliverTwice = async () =>
      (
        (await (await fetch('http://127.0.0.1:4400/delivery')).json()) as {
          switches: { deliverTwice: boolean };
        }
      ).switches.deliverTwice;
    await twice.check();
    await expect.poll(deliverTwice).toBe(true);
    // A click, not uncheck(): the box shows the server's state, and a refresh the first change set
    // off may still redraw it checked for a moment after the click. The click's PUT decides.
    await twice.click();
    await expect.poll(deliverTwice).toBe(false);
    await expect.poll(() => twice.isChecked()).toBe(false);
    await ui.shot(page, 'events');
    const storage = await ui.open('#/storage');
    await storage.getByRole('link', { name: 'demo-gadget.appspot.com' }).waitFor();
    await ui.shot(storage, 'storage');
  });

  it('lists the virtual devices a program PUTs, Alt+0 away, and shows a change live', async () => {
    const put = async (buffered: number) => {
      const device = (id: string, label: string, state: Record<string, unknown>) => ({
        id,
        label,
        lastRequest: { at: new Date().toISOString(), status: 200, latencyMs: 35 },
        state: { firmware: '1.4.0', ...state },
      });
      const devices = [
        device('rig-1', 'Rig one (Wi-Fi)', { buffered: 0, online: true }),
        device('rig-2', 'Rig two (BLE)', { buffered, online: null }),
      ];
      const response = await fetch('http://127.0.0.1:4400/virtual-devices/console-rig', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ devices }),
      });
      expect(response.status).toBe(200);
    };
    await put(4);
    const page = await ui.open('#/overview');
    await page.getByRole('cell', { name: 'firestore', exact: true }).waitFor();
    await page.keyboard.press('Alt+0');
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'console-rig devices' });
    const buffered = table.locator('tr[data-device="rig-2"] [data-field="buffered"]');
    await expect.poll(() => buffered.textContent()).toBe('4');
    expect(await table.locator('tr[data-device="rig-1"] td').allTextContents()).toEqual([
      'Rig one (Wi-Fi)',
      'rig-1',
      expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3}$/),
      '200',
      '35 ms',
      '1.4.0',
      '0',
      'true',
    ]);
    await ui.shot(page, 'devices');

    await put(1);
    await expect.poll(() => buffered.textContent()).toBe('1');
    const dark = await ui.open('#/devices/console-rig', 'dark');
    await dark.locator('tr[data-device="rig-2"] [data-field="online"]').getByText('null').waitFor();
    await ui.shot(dark, 'devices-dark');
  });

  it('moves between pages from the keyboard', async () => {
    const page = await ui.open('#/overview');
    await page.getByRole('cell', { name: 'firestore', exact: true }).waitFor();
    await page.keyboard.press('Alt+3');
    await page.getByRole('heading', { name: 'Requests', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Skip to content');
  });
});

/**
 * Writes a document (or only one of its fields) with admin rights over REST, as the backend's
 * services would.
 */
async function adminWrite(
  path: string,
  data: Record<string, unknown>,
  onlyField?: string,
): Promise<void> {
  const mask = onlyField === undefined ? '' : `?updateMask.fieldPaths=${onlyField}`;
  const response = await fetch(`${FIRESTORE}/${path}${mask}`, {
    method: 'PATCH',
    headers: { authorization: 'Bearer owner', 'content-type': 'application/json' },
    body: JSON.stringify({ fields: toFields(data) }),
  });
  if (!response.ok) throw new Error(`Writing ${path} failed: ${await response.text()}`);
}

function toFields(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, toValue(v)]));
}

function toValue(value: unknown): unknown {
  if (value === null) return { nullValue: null };
  if (value instanceof Date) return { timestampValue: value.toISOString() };
  if (typeof value === 'boolean') return { booleanValue: value };
  if (typeof value === 'number')
    return Number.isInteger(value) ? { integerValue: String(value) } : { doubleValue: value };
  if (typeof value === 'string') return { stringValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(toValue) } };
  return { mapValue: { fields: toFields(value as Record<string, unknown>) } };
}

// The console's Firmware page in headless Chromium against local-cloud (no functions, free ports):
// a release, a rollout and two gadgets' updates written as the backend would, shown on the page;
// Pause, a stale Resume refused by its precondition, and Abort, each checked in the document. Needs
// the built console (`npm run build --workspace console`, which `npm test` runs first).
import type { OtaDoc, OtaState } from '@gadget/shared';
import { otaWith } from '../../functions/src/test-fixtures/ota.ts';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLocalCloud } from '@gadget/local-cloud';
import type { LocalCloud } from '@gadget/local-cloud';
import { browserUnavailable, launchChromium } from '../helpers/chromium.ts';

const DIST = fileURLToPath(new URL('../../console/dist', import.meta.url));
const unavailable = browserUnavailable();
if (unavailable) console.warn(`Skipping the console's Firmware page tests: ${unavailable}.`);

const SHA = 'c0ffee'.repeat(10) + 'beef';
const at = (minutes: number) => new Date(Date.now() + minutes * 60_000);

describe.skipIf(unavailable !== undefined)("the console's Firmware page", () => {
  let cloud: LocalCloud;
  let browser: Browser;
  let documents: string;

  beforeAll(async () => {
    if (!existsSync(`${DIST}/index.html`))
      throw new Error('The console is not built: npm run build --workspace console');
    // Strict indexes and no index file: the per-state aggregations over `ota` are refused, as
    // production refuses them without their collection-group indexes.
    cloud = await startLocalCloud({ logs: 'silent', console: { dir: DIST, port: 0 } });
    documents = `${cloud.consoleUrl ?? ''}/firestore/v1/projects/${cloud.projectId}/databases/(default)/documents`;
    browser = await launchChromium();
    await write('models/air-1', { latestFirmware: '1.5.0', releasedAt: at(-60), rollout: null });
    await write('models/air-1/releases/1.5.0', {
      storagePath: 'firmware/air-1/1.5.0/image.bin',
      size: 524_288,
      sha256: SHA,
      signature: `${'A'.repeat(86)}==`,
      model: 'air-1',
      version: '1.5.0',
      minFromVersion: '1.0.0',
      antiRollback: 2,
      notes: { en: 'Quieter fan' },
      delta: null,
      releasedAt: at(-60),
      revokedAt: null,
    });
    await write('rollouts/r1', {
      model: 'air-1',
      version: '1.5.0',
      stages: [10, 50, 100],
      stageIndex: 0,
      stageStartedAt: at(-30),
      state: 'active',
      gates: {
        maxFailurePercent: 10,
        minAttempts: 2,
        maxSilentPercent: 5,
        silentHours: 6,
        soakHours: 24,
      },
      reason: null,
      stoppedBy: null,
      counts: { at: at(-1), offered: 2, attempts: 2, succeeded: 0, failed: 1, silent: 0 },
      createdAt: at(-30),
      updatedAt: at(-1),
    });
    const ota = (state: OtaState, extra: Partial<OtaDoc>) =>
      otaWith({
        state,
        version: '1.5.0',
        model: 'air-1',
        fromVersion: '1.4.0',
        updatedAt: at(-5),
        ...extra,
      });
    await write(
      'devices/d1/ota/current',
      ota('downloading', { progress: 40, via: 'relay', lease: { uid: 'u1', expiresAt: at(5) } }),
    );
    await write(
      'devices/d2/ota/current',
      ota('failed', { error: 'checksum mismatch', failedVersions: ['1.5.0'] }),
    );
  });

  afterAll(async () => {
    await browser.close();
    await cloud.stop();
  });

  /** Writes a document with admin rights over REST, as the backend's services would. */
  async function write(path: string, data: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${documents}/${path}`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer owner', 'content-type': 'application/json' },
      body: JSON.stringify({ fields: toFields(data) }),
    });
    if (!response.ok) throw new Error(`Writing ${path} failed: ${await response.text()}`);
  }

  async function rollout(): Promise<Record<string, unknown>> {
    const response = await fetch(`${documents}/rollouts/r1`, {
      headers: { authorization: 'Bearer owner' },
    });
    const body = (await response.json()) as { fields: Record<string, Record<string, unknown>> };
    return Object.fromEntries(
      Object.entries(body.fields).map(([k, v]) => [k, Object.values(v)[0]]),
    );
  }

  async function open(hash: string, live = true): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Without the live events the page keeps what it read: a click on it is a stale click.
    if (!live) await page.route('**/control/events', (route) => route.abort());
    await page.goto(`${cloud.consoleUrl ?? ''}/${hash}`);
    return page;
  }

  it('is Alt+- away and shows the release, the rollout with its gates, and both gadgets', async () => {
    const page = await open('#/overview');
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Firmware' }).getAttribute('title')).toBe('Alt+-');
    await page.keyboard.press('Alt+Minus');
    await page.getByRole('heading', { name: 'Firmware', level: 1 }).waitFor();

    const release = page.locator('[data-model="air-1"] tr[data-release="1.5.0"]');
    await expect.poll(() => release.textContent()).toContain('512.0 KiB');
    expect(await release.textContent()).toContain(SHA.slice(0, 12));
    expect(await release.locator('[data-field="revoked"]').textContent()).toBe('no');

    const panel = page.getByRole('region', { name: 'Rollout r1' });
    await expect.poll(() => panel.locator('[data-field="state"]').textContent()).toBe('active');
    expect(await panel.locator('[data-field="stage"]').textContent()).toBe(
      'stage 1 of 3: 10% of air-1',
    );
    const cell = (state: string) => panel.locator(`td[data-state="${state}"]`);
    await expect.poll(() => cell('downloading').textContent()).toBe('1');
    expect(await cell('failed').textContent()).toBe('1');
    expect(await cell('all').textContent()).toBe('2');
    expect(await panel.getByTestId('count-source').textContent()).toMatch(
      /all 2 ota documents.*aggregation was refused.*index/,
    );
    // The evaluator's counts: 1 of 2 attempts failed, above 10%.
    expect(await panel.locator('[data-gate="failures"] [data-gate-state]').textContent()).toBe(
      'tripped',
    );
    const buttons = panel.getByRole('group', { name: 'Actions on r1' }).getByRole('button');
    expect(await buttons.allTextContents()).toEqual(['Pause', 'Abort']);

    const gadgets = page.getByRole('table', { name: 'Gadget updates' });
    await expect
      .poll(() => gadgets.locator('tr[data-device="d1"] [data-field="lease"]').textContent())
      .toMatch(/^u1 until /);
    expect(
      await gadgets.locator('tr[data-device="d1"] [data-field="progress"]').textContent(),
    ).toBe('40%');
    expect(await gadgets.locator('tr[data-device="d2"] [data-field="error"]').textContent()).toBe(
      'checksum mismatch',
    );
    await page.getByLabel('state', { exact: true }).selectOption('failed');
    await expect.poll(() => gadgets.locator('tbody tr').count()).toBe(1);
    expect(page.url()).toContain('state=failed');
    await page.close();
  });

  it('pauses from the console, and a stale Resume is refused and changes nothing', async () => {
    const page = await open('#/firmware');
    const panel = page.getByRole('region', { name: 'Rollout r1' });
    await panel.getByRole('button', { name: 'Pause r1' }).click();
    await panel.getByRole('status').getByText('Paused.').waitFor();
    expect(await rollout()).toMatchObject({
      state: 'paused',
      stoppedBy: 'operator',
      reason: 'paused from the console',
    });
    await expect.poll(() => panel.locator('[data-field="state"]').textContent()).toBe('paused');
    await expect
      .poll(() => panel.locator('[data-field="reason"]').textContent())
      .toBe('Stopped by operator: paused from the console');
    expect(
      await panel
        .getByRole('group', { name: 'Actions on r1' })
        .getByRole('button')
        .allTextContents(),
    ).toEqual(['Resume', 'Abort']);
    await page.close();

    // A page that no longer follows the changes shows the pause; a gate trips meanwhile.
    const stale = await open('#/firmware', false);
    const stalePanel = stale.getByRole('region', { name: 'Rollout r1' });
    await stalePanel.getByRole('button', { name: 'Resume r1' }).waitFor();
    await write('rollouts/r1', {
      ...(await rolloutFields()),
      stoppedBy: 'gate',
      reason: 'failure gate: 50% of 2 attempts failed',
    });
    await stalePanel.getByRole('button', { name: 'Resume r1' }).click();
    await expect
      .poll(() => stalePanel.getByRole('alert').textContent())
      .toMatch(/^Resume failed: .*precondition/);
    expect(await rollout()).toMatchObject({ state: 'paused', stoppedBy: 'gate' });
    // It shows the rollout again as it is now.
    await expect
      .poll(() => stalePanel.locator('[data-field="reason"]').textContent())
      .toBe('Stopped by gate: failure gate: 50% of 2 attempts failed');
    await stale.close();
  });

  it('aborts after a confirmation, then offers nothing but counting, exactly once indexed', async () => {
    const page = await open('#/firmware');
    page.on('dialog', (dialog) => void dialog.accept());
    const panel = page.getByRole('region', { name: 'Rollout r1' });
    await panel.getByRole('button', { name: 'Abort r1' }).click();
    await panel.getByRole('status').getByText('Aborted.').waitFor();
    expect(await rollout()).toMatchObject({
      state: 'aborted',
      stoppedBy: 'operator',
      reason: 'aborted from the console',
    });
    await expect.poll(() => panel.locator('[data-field="state"]').textContent()).toBe('aborted');
    expect(
      await panel.getByRole('group', { name: 'Actions on r1' }).getByRole('button').count(),
    ).toBe(0);

    // With the indexes there (here: strict indexes off), the server counts.
    cloud.firestoreServer.setStrictIndexes(false);
    await panel.getByRole('button', { name: 'Count the gadgets of r1' }).click();
    const counted = panel.getByRole('table', { name: 'r1 gadgets per state' });
    await expect.poll(() => counted.locator('tbody td').first().textContent()).toBe('exact');
    expect(await panel.locator('td[data-state="failed"]').textContent()).toBe('1');
    expect(await panel.locator('td[data-state="all"]').textContent()).toBe('2');
    expect(await panel.getByTestId('count-source').count()).toBe(0);
    await page.close();
  });

  /** The rollout's fields as plain values, timestamps as Dates, to write it back changed. */
  async function rolloutFields(): Promise<Record<string, unknown>> {
    const response = await fetch(`${documents}/rollouts/r1`, {
      headers: { authorization: 'Bearer owner' },
    });
    const body = (await response.json()) as { fields: Record<string, unknown> };
    return fromFields(body.fields);
  }
});

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

function fromFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, fromValue(v)]));
}

function fromValue(value: unknown): unknown {
  const [kind, inner] = Object.entries(value as Record<string, unknown>)[0] ?? ['nullValue', null];
  switch (kind) {
    case 'integerValue':
      return Number(inner);
    case 'timestampValue':
      return new Date(String(inner));
    case 'mapValue':
      return fromFields((inner as { fields?: Record<string, unknown> }).fields ?? {});
    case 'arrayValue':
      return ((inner as { values?: unknown[] }).values ?? []).map(fromValue);
    case 'nullValue':
      return null;
    default:
      return inner;
  }
}

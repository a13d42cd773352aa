// The console at 1280 × 800, the width it is sized for, in headless Chromium against local-cloud
// (no functions, free ports, single project mode): a document with long values fits its pane with
// every value readable and every Edit and Delete button on screen; a selected row stands out in
// light and dark; an upload's variants and manifest are reachable after the pipeline deleted the
// upload; and the Requests page names the project served and the requests refused for naming
// another. Screenshots go to test-artifacts/console/. Needs the built console
// (`npm run build --workspace console`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Storage } from '@google-cloud/storage';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud } from '@gadget/local-cloud';
import type { LocalCloud } from '@gadget/local-cloud';
import { browserUnavailable, launchChromium } from '../helpers/chromium.ts';
import { ARTIFACTS } from '../e2e/console/console-browser.ts';

const DIST = fileURLToPath(new URL('../../console/dist', import.meta.url));
const RULES = fileURLToPath(new URL('../../firestore.rules', import.meta.url));
const WIDTH = 1280;
const unavailable = browserUnavailable();
if (unavailable) console.warn(`Skipping the console layout tests: ${unavailable}.`);

/** WCAG's contrast ratio of two `rgb(r, g, b)` colours as getComputedStyle gives them. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r = 0, g = 0, bl = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(bl);
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * Runs `body` (JavaScript, ending in a return) in the page. As text: the tests are typed without
 * the DOM's declarations, which only the console's own code has.
 */
function inPage<T>(page: Page, body: string): Promise<T> {
  return page.evaluate<T>(`(() => { ${body} })()`);
}

/** The expression for a computed style of the first element `selector` finds. */
const colorOf = (selector: string, property: 'color' | 'backgroundColor' | 'boxShadow') =>
  `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`;

describe.skipIf(unavailable !== undefined)('the console at 1280 px', () => {
  let cloud: LocalCloud;
  let app: App;
  let firestore: Firestore;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(`${DIST}/index.html`))
      throw new Error('The console is not built: npm run build --workspace console');
    cloud = await startLocalCloud({
      logs: 'silent',
      rules: { firestore: RULES },
      console: { dir: DIST, port: 0 },
      singleProjectMode: true,
    });
    process.env.METADATA_SERVER_DETECTION ??= 'none';
    app = initializeApp({ projectId: cloud.projectId }, 'console-layout');
    firestore = getFirestore(app);
    firestore.settings({
      host: cloud.firestoreServer.address,
      ssl: false,
      customHeaders: { Authorization: 'Bearer owner' },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    await firestore.terminate();
    await deleteApp(app);
    await cloud.stop();
  });

  async function open(hash: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 800 }, colorScheme });
    await page.goto(`${cloud.consoleUrl ?? ''}/${hash}`);
    return page;
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

  it('fits a document with long values in its pane, every value readable, Edit and Delete on screen', async () => {
    await firestore.doc('devices/long-values').set({
      name: 'Living room air',
      // One unbroken token, a long sentence, a wide map and a long array: what real documents hold.
      keyHash: 'f'.repeat(64) + '0'.repeat(64) + 'a'.repeat(64),
      note: 'A gadget on the shelf above the radiator, reporting every minute. '.repeat(6),
      recentHours: Object.fromEntries(
        Array.from({ length: 12 }, (_, hour) => [
          `2026-01-31T${String(hour).padStart(2, '0')}`,
          { temperature: { min: 20.5, max: 23.25, sum: 1310.5, count: 60 }, humidity: 45 },
        ]),
      ),
      memberUids: Array.from({ length: 20 }, (_, i) => `member-uid-number-${String(i)}`),
    });
    const page = await open('#/firestore/devices/long-values');
    await page.locator('tr[data-field="recentHours"] [data-value]').waitFor();

    expect(
      await inPage<number>(page, 'return document.documentElement.scrollWidth;'),
    ).toBeLessThanOrEqual(WIDTH);
    const pane = page.getByRole('region', { name: 'Details' });
    const paneBox = await pane.boundingBox();
    expect(paneBox).not.toBeNull();
    expect((paneBox?.x ?? 0) + (paneBox?.width ?? 0)).toBeLessThanOrEqual(WIDTH);
    for (const field of ['keyHash', 'note', 'recentHours', 'memberUids', 'name']) {
      for (const name of [`Edit ${field}`, `Delete ${field}`]) {
        const box = await page.getByRole('button', { name, exact: true }).boundingBox();
        expect(box, name).not.toBeNull();
        expect(box?.x ?? -1, name).toBeGreaterThanOrEqual(paneBox?.x ?? 0);
        expect((box?.x ?? 0) + (box?.width ?? 0), name).toBeLessThanOrEqual(WIDTH);
      }
      // The value wraps inside its cell: nothing of it is hidden beyond the cell's edge.
      const cut = await inPage<number>(
        page,
        `const cell = document.querySelector('tr[data-field="${field}"] [data-value]');
         return cell.scrollWidth - cell.clientWidth;`,
      );
      expect(cut, field).toBeLessThanOrEqual(0);
    }
    const scrollsSideways = await inPage<boolean>(
      page,
      `const panel = document.querySelector('section[aria-label="Details"] .panel');
       return panel.scrollWidth > panel.clientWidth;`,
    );
    expect(scrollsSideways).toBe(false);
    await shot(page, 'firestore-document-1280');
  });

  it.each(['light', 'dark'] as const)(
    'marks the opened request in %s with a bar and text that stand out',
    async (colorScheme) => {
      // An unauthenticated read the rules deny: one row on the Requests page.
      const denied = await fetch(
        `http://${cloud.firestoreServer.address}/v1/projects/${cloud.projectId}/databases/(default)/documents/users/someone`,
      );
      expect(denied.status).toBe(403);
      const page = await open('#/requests?verdict=denied&path=users/someone', colorScheme);
      await page
        .getByRole('button', { name: /users\/someone/ })
        .first()
        .click();
      const selected = page.locator('tr.selected').first();
      await selected.waitFor();
      const style = await inPage<{ color: string; background: string; bar: string; page: string }>(
        page,
        `return {
           color: ${colorOf('tr.selected', 'color')},
           background: ${colorOf('tr.selected', 'backgroundColor')},
           bar: ${colorOf('tr.selected > :first-child', 'boxShadow')},
           page: ${colorOf('body', 'backgroundColor')},
         };`,
      );
      const bar = /rgba?\([^)]*\)/.exec(style.bar)?.[0] ?? '';
      // The row's text on its background reads as body text must (4.5:1); the bar that marks it
      // stands out from the page as a state indicator must (3:1); and the row's background is
      // not the page's.
      expect(contrast(style.color, style.background)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(bar, style.page)).toBeGreaterThanOrEqual(3);
      expect(style.background).not.toBe(style.page);
      await shot(page, `requests-selected-${colorScheme}`);
    },
  );

  it('names the project served on Requests, and the requests refused for another, live', async () => {
    const otherProject = () =>
      fetch(
        `http://${cloud.firestoreServer.address}/v1/projects/gadget-prod/databases/(default)/documents/devices/d1`,
      );
    expect((await otherProject()).status).toBe(404);
    const page = await open('#/requests');
    await expect
      .poll(() => page.getByTestId('served-project').textContent())
      .toContain(`project ${cloud.projectId} only`);
    const refused = page.locator('[data-refused-project="gadget-prod"]');
    await expect
      .poll(() => refused.textContent())
      .toContain(`Refused 1 request for project gadget-prod (Firestore)`);
    expect(await refused.textContent()).toContain(`Use projectId '${cloud.projectId}'`);
    expect((await otherProject()).status).toBe(404);
    await expect.poll(() => refused.textContent()).toContain('Refused 2 requests');
    await shot(page, 'requests-refused-project');
  });

  it("shows an upload's variants beside the manifest after the pipeline deleted the upload", async () => {
    const storage = new Storage({
      apiEndpoint: cloud.storageServer.url,
      projectId: cloud.projectId,
    });
    const bucket = storage.bucket(cloud.storageBucket);
    // What the pipeline leaves of an avatar upload: the variants and the manifest, no upload.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const folder = 'images/users/ann/avatar/';
    for (const size of [128, 512]) {
      await bucket.file(`${folder}${String(size)}.webp`).save(png, {
        contentType: 'image/png',
        resumable: false,
      });
    }
    await firestore.doc('users/ann').set({
      avatar: {
        status: 'ready',
        variants: [128, 512].map((size) => ({
          size,
          path: `${folder}${String(size)}.webp`,
          width: size,
          height: size,
          bytes: png.length,
        })),
        sourceGeneration: '1',
        attempts: 1,
        updatedAt: new Date(),
      },
    });

    // From the bucket's root, as a developer finds it: the uploads folder is empty by now.
    const page = await open(`#/storage/${cloud.storageBucket}`);
    await page.getByRole('link', { name: /images\// }).click();
    await page.getByRole('link', { name: /users\// }).click();
    await page.getByRole('link', { name: /ann\// }).click();
    await page.getByRole('link', { name: /avatar\// }).click();
    const variants = page.getByRole('region', { name: 'Variants' });
    await expect.poll(() => variants.textContent()).toContain('128.webp');
    expect(await variants.textContent()).toContain('512.webp');
    const manifest = page.getByRole('region', { name: 'Manifest' });
    await expect.poll(() => manifest.textContent()).toContain('"status": "ready"');
    expect(
      await manifest.getByRole('link', { name: 'users/ann.avatar' }).getAttribute('href'),
    ).toBe('#/firestore/users/ann');

    // A variant opened on its own shows them too; its entry in the folder is marked, its size as
    // legible on the mark as its name.
    await variants.getByRole('link', { name: '512.webp' }).click();
    await page.getByRole('heading', { name: `${folder}512.webp` }).waitFor();
    const current = '.list a[aria-current="true"]';
    const marked = await inPage<{ background: string; name: string; size: string }>(
      page,
      `return {
         background: ${colorOf(current, 'backgroundColor')},
         name: ${colorOf(current, 'color')},
         size: ${colorOf(`${current} .muted`, 'color')},
       };`,
    );
    expect(contrast(marked.name, marked.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(marked.size, marked.background)).toBeGreaterThanOrEqual(4.5);
    await expect
      .poll(() => page.getByRole('region', { name: 'Manifest' }).textContent())
      .toContain('"size": 512');
    expect(page.url()).toContain(`object=${encodeURIComponent(`${folder}512.webp`)}`);
    await shot(page, 'storage-variants-without-upload');
  });
});

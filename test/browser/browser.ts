// The browser tests' page in headless Chromium: bundled with esbuild from page/app.ts and served
// from localhost.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';

export interface BrowserPage {
  readonly page: Page;
  close(): Promise<void>;
}

let bundle: Promise<string> | undefined;

/** The page's script: the web SDK's browser build and page/app.ts, in one IIFE. */
function pageScript(): Promise<string> {
  bundle ??= build({
    entryPoints: [fileURLToPath(new URL('./page/app.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return bundle;
}

/** Where the page is served, and how to stop serving it. */
export interface ServedPage {
  readonly url: string;
  /** The page's origin, as its requests' Origin header names it. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves the page on a free port of 127.0.0.1: another origin than every backend service. The URL
 * names it `hostname`: Chromium takes any `*.localhost` name for loopback, so a page can come from
 * an origin that is neither `localhost` nor `127.0.0.1` without touching DNS.
 */
export async function servePage(hostname = '127.0.0.1'): Promise<ServedPage> {
  const script = await pageScript();
  const server = createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      '<!doctype html><meta charset="utf-8"><title>gadget</title><script src="/app.js"></script>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://${hostname}:${String(port)}`;
  return {
    url: `${origin}/`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

let browser: Promise<Browser> | undefined;

/** Opens the page in a fresh browser context: from `served`, else from a server of its own. */
export async function openPage(served?: ServedPage): Promise<BrowserPage> {
  browser ??= launchChromium();
  const context = await (await browser).newContext();
  const page = await context.newPage();
  const own = served === undefined ? await servePage() : undefined;
  await page.goto((served ?? own)?.url ?? '');
  await page.waitForFunction(() => 'gadget' in globalThis);
  return {
    page,
    close: async () => {
      await context.close();
      await own?.close();
    },
  };
}

export async function closeBrowser(): Promise<void> {
  if (browser) await (await browser).close();
  browser = undefined;
}

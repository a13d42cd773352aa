// The browser tests' page in headless Chromium: bundled with esbuild from page/app.ts and served
// from localhost.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
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

/** Serves the page on a free localhost port: another origin than every backend service. */
async function servePage(): Promise<{ url: string; server: Server }> {
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
  return { url: `http://127.0.0.1:${String(port)}/`, server };
}

let browser: Promise<Browser> | undefined;

export async function openPage(): Promise<BrowserPage> {
  browser ??= launchChromium();
  const context = await (await browser).newContext();
  const page = await context.newPage();
  const { url, server } = await servePage();
  await page.goto(url);
  await page.waitForFunction(() => 'gadget' in globalThis);
  return {
    page,
    close: async () => {
      await context.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export async function closeBrowser(): Promise<void> {
  if (browser) await (await browser).close();
  browser = undefined;
}

// Headless Chromium on the console at :4000, 1280 × 800, with screenshots kept for review in
// test-artifacts/console/ (gitignored; CI uploads the folder as an artifact).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../helpers/chromium.ts';

export const CONSOLE = 'http://127.0.0.1:4000';
export const ARTIFACTS = fileURLToPath(
  new URL('../../../test-artifacts/console/', import.meta.url),
);

export interface ConsoleBrowser {
  readonly browser: Browser;
  open(hash: string, colorScheme?: 'light' | 'dark'): Promise<Page>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchConsoleBrowser(): Promise<ConsoleBrowser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await launchChromium();
  const pages: Page[] = [];
  return {
    browser,
    open: async (hash, colorScheme = 'light') => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme });
      pages.push(page);
      await page.goto(`${CONSOLE}/${hash}`);
      return page;
    },
    shot: async (page, name) => {
      await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
    },
    close: async () => {
      for (const page of pages) await page.close();
      await browser.close();
    },
  };
}

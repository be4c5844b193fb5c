import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, Browser, Page } from 'playwright-core';
import type { RegisteredUser } from '../support/factories';

/** What the web specs share: Debian's Chromium, axe-core, logging in, showing a day. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
export const ROOT = join(__dirname, '../..');
export const SCREENSHOTS = join(ROOT, 'docs/screenshots');

export function skippedWithoutChromium(spec: string): void {
  if (!haveChromium) {
    process.stderr.write(
      `[${spec}] SKIPPED: no Chromium at ${CHROMIUM} (install it with 'apt-get install -y chromium' or set CHROMIUM_PATH)\n`,
    );
  }
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page in a fresh context (own storage). */
export async function openPage(browser: Browser, width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  return page;
}

/** No serious or critical axe-core violation on what the page shows now (`only`: a dialog). */
export async function expectAccessible(page: Page, screen: string, only?: string): Promise<void> {
  const axe = new AxeBuilder({ page });
  if (only) axe.include(only);
  const { violations } = await axe.analyze();
  const blocking = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${screen}: ${violation.id} (${violation.help}) at ${violation.nodes
          .map((node) => JSON.stringify(node.target))
          .join(', ')}`,
    );
  expect(blocking).toEqual([]);
}

export async function logIn(page: Page, url: string, user: RegisteredUser): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Day grid' }).waitFor();
}

/** Shows `date` on the grid; answers the browser's time from asking to drawing (ms). */
export async function showDay(page: Page, date: string): Promise<number> {
  await page.evaluate('performance.clearMeasures()');
  await page.getByLabel('Date', { exact: true }).fill(date);
  await page.getByRole('region', { name: `Rooms and hours on ${date}` }).waitFor();
  await page.locator('.grid-scroll[aria-busy="false"]').waitFor();
  return Number(
    await page.evaluate(
      "performance.getEntriesByName('grid-rendered').at(-1)?.duration ?? Number.NaN",
    ),
  );
}

/** The page's own width beyond the viewport (0: nothing scrolls sideways but inner regions). */
export async function pageOverflow(page: Page): Promise<number> {
  return Number(
    await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    ),
  );
}

import { existsSync } from 'node:fs';
import { chromium, Browser } from 'playwright-core';
import { registerUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A real browser on the published docs: Debian's Chromium, driven by playwright-core (no
 * browser download), authorizes in Swagger UI with a token and executes GET /api/v1/rooms/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  process.stderr.write(
    `[swagger-ui e2e] SKIPPED: no Chromium at ${CHROMIUM} (install it with 'apt-get install -y chromium' or set CHROMIUM_PATH)\n`,
  );
}

(haveChromium ? describe : describe.skip)('Swagger UI in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([
      startTestApp(),
      // launch() gives the browser a fresh, temporary --user-data-dir of its own.
      chromium.launch({
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
      }),
    ]);
  }, 30000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('authorizes with a bearer token and executes GET /api/v1/rooms/ with a 200', async () => {
    const { access } = await registerUser(t);
    const page = await browser.newPage();
    page.setDefaultTimeout(10000);
    const apiCalls: number[] = [];
    page.on('response', (res) => {
      if (new URL(res.url()).pathname.startsWith('/api/v1/rooms')) apiCalls.push(res.status());
    });

    await page.goto(`${t.url}/api/docs`);
    await page.locator('.swagger-ui .btn.authorize').first().click();
    const dialog = page.locator('.dialog-ux .modal-ux');
    await dialog.locator('input').first().fill(access);
    await dialog.locator('.auth-btn-wrapper button.authorize').click();
    await dialog.locator('button.btn-done').click();

    const operation = page.locator('.opblock-get', {
      has: page.locator('.opblock-summary-path[data-path="/api/v1/rooms"]'),
    });
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();

    const live = operation.locator('.live-responses-table .response');
    await live.first().waitFor();
    expect((await live.locator('.response-col_status').first().innerText()).trim()).toBe('200');
    const shownBody = await operation
      .locator('.live-responses-table .microlight')
      .first()
      .innerText();
    expect(
      JSON.parse(shownBody).map((room: { room_number: string }) => room.room_number),
    ).toContain('P01');
    // The browser really sent the request, with the token (a 401 would show otherwise).
    expect(apiCalls).toEqual([200]);
    await page.close();
  }, 30000);
});

import { existsSync } from 'node:fs';
import { chromium, Browser, Page } from 'playwright-core';
import { registerUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A real browser on the published docs: Debian's Chromium, driven by playwright-core (no
 * browser download), authorizes in Swagger UI with a token and executes GET /api/v1/rooms/ and
 * POST /api/v1/bookings/ with its prefilled PRIVATE example.
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

  /** Opens the docs and authorizes with the token, as a reader would. */
  async function openAuthorized(access: string): Promise<Page> {
    const page = await browser.newPage();
    page.setDefaultTimeout(10000);
    await page.goto(`${t.url}/api/docs`);
    await page.locator('.swagger-ui .btn.authorize').first().click();
    const dialog = page.locator('.dialog-ux .modal-ux');
    await dialog.locator('input').first().fill(access);
    await dialog.locator('.auth-btn-wrapper button.authorize').click();
    await dialog.locator('button.btn-done').click();
    return page;
  }

  it('authorizes with a bearer token and executes GET /api/v1/rooms/ with a 200', async () => {
    const { access } = await registerUser(t);
    const page = await openAuthorized(access);
    const apiCalls: number[] = [];
    page.on('response', (res) => {
      if (new URL(res.url()).pathname.startsWith('/api/v1/rooms')) apiCalls.push(res.status());
    });

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

  it('books with the prefilled PRIVATE example of POST /api/v1/bookings/: 201', async () => {
    const { access, id } = await registerUser(t);
    const page = await openAuthorized(access);
    const sent: Array<{ body: unknown; status: number }> = [];
    page.on('response', (res) => {
      const req = res.request();
      if (req.method() === 'POST' && new URL(res.url()).pathname === '/api/v1/bookings') {
        sent.push({ body: req.postDataJSON(), status: res.status() });
      }
    });

    const operation = page.locator('.opblock-post', {
      has: page.locator('.opblock-summary-path[data-path="/api/v1/bookings"]'),
    });
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('button.try-out__btn').click();
    // The examples menu of the body offers one example per room type; PRIVATE comes first.
    const examples = operation.locator(
      '.opblock-section-request-body select.examples-select-element',
    );
    expect(await examples.locator('option').allInnerTexts()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('PRIVATE'),
        expect.stringContaining('CONFERENCE'),
        expect.stringContaining('SHARED_DESK'),
      ]),
    );
    expect(await examples.inputValue()).toBe('PRIVATE');
    await operation.locator('button.execute').click();

    const live = operation.locator('.live-responses-table .response');
    await live.first().waitFor();
    expect((await live.locator('.response-col_status').first().innerText()).trim()).toBe('201');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ status: 201, body: { room_type: 'PRIVATE' } });
    const { rows } = await t.db.query<{ booking_id: string }>(
      `SELECT booking_id FROM bookings WHERE created_by = $1 AND status = 'ACTIVE'`,
      [id],
    );
    expect(rows).toHaveLength(1);
    await page.close();
  }, 30000);
});

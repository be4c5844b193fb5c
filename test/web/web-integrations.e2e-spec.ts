import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { book } from '../support/booking-helpers';
import { createAdmin, dayFromToday, registerUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import {
  expectAccessible,
  haveChromium,
  launchChromium,
  logIn,
  openPage,
  pageOverflow,
  skippedWithoutChromium,
} from './browser';

/**
 * Integration screens in Debian's Chromium: an admin's webhook endpoint (secret shown once,
 * deliveries to a local receiver, edit, delete) and sites (a second office with a room; the
 * grid's site selector, home site, and a booking at that site). axe-core on each screen, and
 * no sideways page scroll at 375 px.
 */
skippedWithoutChromium('web integrations e2e');

/** A local endpoint answering 200 to every delivery. */
class Receiver {
  readonly received: { body: string; headers: IncomingHttpHeaders }[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

async function fitsPhone(page: Page, screen: string): Promise<void> {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(100);
  expect({ screen, overflow: await pageOverflow(page) }).toEqual({ screen, overflow: 0 });
  await page.setViewportSize({ width: 1280, height: 900 });
}

(haveChromium ? describe : describe.skip)('web app: webhooks and sites', () => {
  let t: TestApp;
  let browser: Browser;
  let receiver: Receiver;

  beforeAll(async () => {
    [t, browser, receiver] = await Promise.all([
      // The dispatcher runs in this test app (off by default in tests).
      startTestApp({ env: { WEBHOOK_DISPATCH_MS: '100', WEBHOOK_RETRY_BASE_MS: '200' } }),
      launchChromium(),
      new Receiver().start(),
    ]);
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    await receiver?.stop();
    await t?.close();
  });

  it('an admin creates an endpoint (secret shown once), a booking is delivered, then edits and deletes it', async () => {
    const [admin, member] = await Promise.all([createAdmin(t), registerUser(t)]);
    const page = await openPage(browser);
    await logIn(page, t.url, admin);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('0 endpoints').waitFor();
    await expectAccessible(page, 'webhooks');
    await fitsPhone(page, 'webhooks');

    // The API refuses the URL: its detail under the URL field, nothing written.
    const form = page.getByRole('form', { name: 'New endpoint' });
    await form.getByLabel('URL').fill('ftp://example.com/hook');
    await form.getByLabel('booking.created').check();
    const refusedAnswer = page.waitForResponse((res) => res.request().method() === 'POST');
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    const refused = await refusedAnswer;
    expect(refused.status()).toBe(400);
    const detail = ((await refused.json()) as { errors: { field: string; message: string }[] })
      .errors[0];
    expect(detail.field).toBe('url');
    await expect(page.locator('#new-webhook-url-error').innerText()).resolves.toBe(detail.message);
    await expect(form.getByLabel('URL').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page, 'webhooks with a refused URL');
    expect((await t.db.query('SELECT 1 FROM webhook_endpoints')).rowCount).toBe(0);

    // All events ("*"), the receiver's URL: created, the secret shown once.
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('All events').check();
    await expect(form.getByLabel('booking.created').isDisabled()).resolves.toBe(true);
    await form.getByLabel('Description (optional)').fill('Facilities dashboard');
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    const secretField = page.getByLabel('Secret', { exact: true });
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expect(secretField.getAttribute('readonly')).resolves.not.toBeNull();
    await page.getByText('it is shown this once only').waitFor();
    const { rows } = await t.db.query<{ id: number; events: string[]; description: string }>(
      'SELECT id, events, description FROM webhook_endpoints',
    );
    expect(rows).toEqual([
      { id: expect.any(Number), events: ['*'], description: 'Facilities dashboard' },
    ]);
    await expect(
      page.getByRole('row', { name: new RegExp(receiver.url) }).innerText(),
    ).resolves.toMatch(/All events\s+Active/);
    await expectAccessible(page, 'webhooks with the secret');
    await fitsPhone(page, 'webhooks with the secret');
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('1 endpoint', { exact: true }).waitFor();
    await expect(page.getByLabel('Secret', { exact: true }).count()).resolves.toBe(0);
    await expect(page.content()).resolves.not.toContain(secret);

    // A booking: its event reaches the receiver, signed with that secret, and shows as delivered.
    const booked = await book(t, member, {
      room_type: 'PRIVATE',
      date: dayFromToday(3),
      time_slot: '10:00:00',
    });
    expect(booked.status).toBe(201);
    await page.getByRole('button', { name: `Deliveries ${receiver.url}` }).click();
    const deliveries = page.getByRole('region', { name: `Deliveries to ${receiver.url}` });
    const delivered = deliveries.getByRole('row').filter({ hasText: 'Delivered' });
    for (let tries = 0; tries < 30 && (await delivered.count()) === 0; tries++) {
      await page.waitForTimeout(500);
      await deliveries.getByRole('button', { name: 'Refresh deliveries' }).click();
      await deliveries.locator('[aria-busy="false"]').waitFor();
    }
    await expect(delivered.first().innerText()).resolves.toMatch(
      /booking\.created[\s\S]*Delivered\s+1\s+200/,
    );
    const payloads = receiver.received.map(
      (r) =>
        new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
          type: string;
          data: { booking_id?: string };
        },
    );
    expect(payloads).toContainEqual(
      expect.objectContaining({
        type: 'booking.created',
        data: expect.objectContaining({
          booking_id: (booked.body as { booking_id: string }).booking_id,
        }),
      }),
    );
    await expectAccessible(page, 'webhook deliveries');
    await fitsPhone(page, 'webhook deliveries');

    // Edit: one event, inactive.
    await page.getByRole('button', { name: `Edit ${receiver.url}` }).click();
    const edit = page.getByRole('form', { name: `Edit ${receiver.url}` });
    await edit.getByLabel('All events').uncheck();
    await edit.getByLabel('booking.cancelled').check();
    await edit.getByLabel('Active (deliveries are sent)').uncheck();
    await expectAccessible(page, 'webhooks with the edit form');
    await edit.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved the endpoint' }).waitFor();
    const saved = await t.db.query<{ events: string[]; is_active: boolean }>(
      'SELECT events, is_active FROM webhook_endpoints',
    );
    expect(saved.rows).toEqual([{ events: ['booking.cancelled'], is_active: false }]);
    // The list reloads after the status line: wait for the row to show the change. (hasText
    // reads textContent, where adjacent cells have no space between them: match cell by cell.)
    const endpointRow = page.getByRole('row', { name: new RegExp(receiver.url) });
    await endpointRow
      .filter({ has: page.getByRole('cell', { name: 'booking.cancelled', exact: true }) })
      .filter({ has: page.getByRole('cell', { name: 'Inactive', exact: true }) })
      .waitFor();

    // Delete asks first; keeping it changes nothing, confirming removes it.
    await page.getByRole('button', { name: `Delete ${receiver.url}` }).click();
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect((await t.db.query('SELECT 1 FROM webhook_endpoints')).rowCount).toBe(1);
    await page.getByRole('button', { name: `Delete ${receiver.url}` }).click();
    await expectAccessible(page, 'webhooks with the delete confirmation');
    await page.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted the endpoint' }).waitFor();
    await page.getByText('0 endpoints').waitFor();
    expect((await t.db.query('SELECT 1 FROM webhook_endpoints')).rowCount).toBe(0);
    await page.context().close();
  }, 120000);

  it('an admin adds a site with a room; a member picks it on the grid, makes it home and books there', async () => {
    const [admin, member] = await Promise.all([createAdmin(t), registerUser(t)]);
    const page = await openPage(browser);
    await logIn(page, t.url, admin);
    await page.getByRole('link', { name: 'Sites' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();
    await page.getByRole('row', { name: /^HQ/ }).waitFor();
    await expectAccessible(page, 'sites');

    // A zone the API does not know: its detail under the time zone field.
    const form = page.getByRole('form', { name: 'New site' });
    await form.getByLabel('Code (A-Z, 0-9, -)').fill('PAR');
    await form.getByLabel('Name').fill('Paris office');
    await form.getByLabel('Time zone (IANA, e.g. Europe/Paris)').fill('Mars/Olympus_Mons');
    const refusedAnswer = page.waitForResponse((res) => res.request().method() === 'POST');
    await form.getByRole('button', { name: 'Create site' }).click();
    const refused = await refusedAnswer;
    expect(refused.status()).toBe(400);
    const message = ((await refused.json()) as { errors: { field: string; message: string }[] })
      .errors[0];
    expect(message.field).toBe('timezone');
    await expect(page.locator('#new-site-timezone-error').innerText()).resolves.toBe(
      message.message,
    );
    await expectAccessible(page, 'sites with a refused zone');
    await form.getByLabel('Time zone (IANA, e.g. Europe/Paris)').fill('Europe/Paris');
    await form.getByRole('button', { name: 'Create site' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Created site PAR (Paris office, Europe/Paris).' })
      .waitFor();

    await page.getByRole('button', { name: 'Edit PAR' }).click();
    const edit = page.getByRole('form', { name: 'Edit PAR' });
    await edit.getByLabel('Name').fill('Paris, Rue de Rivoli');
    await edit.getByRole('button', { name: 'Save site' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Saved site PAR: Paris, Rue de Rivoli, Europe/Paris.' })
      .waitFor();
    // The status comes before the list's reload: wait for the row to show the new name.
    await page.getByRole('row', { name: /^PAR\s+Paris, Rue de Rivoli\s+Europe\/Paris/ }).waitFor();
    await expect(page.getByRole('row', { name: /^PAR/ }).innerText()).resolves.toMatch(
      /PAR\s+Paris, Rue de Rivoli\s+Europe\/Paris/,
    );
    await fitsPhone(page, 'sites');

    // With two sites a new room asks which one.
    await page.getByRole('link', { name: 'Rooms' }).click();
    const newRoom = page.getByRole('form', { name: 'New room' });
    await newRoom.getByLabel('Room number').fill('PA1');
    await newRoom.getByLabel('Site').selectOption('PAR');
    await newRoom.getByRole('button', { name: 'Create room' }).click();
    await page.getByRole('status').filter({ hasText: 'Created PA1 in PAR.' }).waitFor();
    const { rows } = await t.db.query<{ code: string }>(
      `SELECT s.code FROM rooms r JOIN sites s ON s.id = r.site_id WHERE r.room_number = 'PA1'`,
    );
    expect(rows).toEqual([{ code: 'PAR' }]);
    await page.context().close();

    // The member: no home site yet, so the first site; PAR shows only its own room.
    const grid = await openPage(browser);
    await logIn(grid, t.url, member);
    const siteSelect = grid.getByLabel('Site', { exact: true });
    await expect(siteSelect.inputValue()).resolves.toBe('HQ');
    await grid.getByRole('row', { name: /^P01/ }).first().waitFor();
    await siteSelect.selectOption('PAR');
    const day = dayFromToday(4);
    await grid.getByLabel('Date', { exact: true }).fill(day);
    await grid.getByRole('region', { name: `Rooms and hours on ${day} at PAR` }).waitFor();
    await grid.locator('.grid-scroll[aria-busy="false"]').waitFor();
    await grid.getByRole('row', { name: /^PA1/ }).waitFor();
    await expect(grid.getByRole('row', { name: /^P01/ }).count()).resolves.toBe(0);
    await expectAccessible(grid, 'grid with the site selector');
    await fitsPhone(grid, 'grid with the site selector');

    await grid.getByRole('button', { name: 'Make PAR my home site' }).click();
    await grid.getByText('PAR is your home site.').waitFor();
    const home = await t.db.query<{ code: string }>(
      `SELECT s.code FROM members m JOIN sites s ON s.id = m.home_site_id WHERE m.id = $1`,
      [member.id],
    );
    expect(home.rows).toEqual([{ code: 'PAR' }]);

    // Booking a cell of PA1 sends the site: the booking is PAR's room.
    await grid.getByRole('button', { name: 'PA1 at 10:00: free, book' }).click();
    await grid.getByRole('dialog').getByRole('button', { name: 'Book', exact: true }).click();
    await grid.getByRole('status').filter({ hasText: 'PA1 on' }).waitFor();
    const booked = await t.db.query<{ code: string }>(
      `SELECT s.code FROM bookings b JOIN rooms r ON r.id = b.room_id JOIN sites s ON s.id = r.site_id
        WHERE b.member_id = $1`,
      [member.id],
    );
    expect(booked.rows).toEqual([{ code: 'PAR' }]);

    // A fresh visit opens on the home site.
    await grid.goto(`${t.url}/`);
    await grid.getByRole('heading', { level: 1, name: 'Day grid' }).waitFor();
    await expect(grid.getByLabel('Site', { exact: true }).inputValue()).resolves.toBe('PAR');

    // The member clears it: no home site, and the next visit opens on the first site again.
    await grid.getByRole('button', { name: 'Clear my home site' }).click();
    await grid.getByText('You have no home site.').waitFor();
    await grid.getByRole('button', { name: 'Make PAR my home site' }).waitFor();
    await expect(grid.getByRole('button', { name: 'Clear my home site' }).count()).resolves.toBe(0);
    const cleared = await t.db.query(`SELECT home_site_id FROM members WHERE id = $1`, [member.id]);
    expect(cleared.rows).toEqual([{ home_site_id: null }]);
    await expectAccessible(grid, 'grid without a home site');
    await grid.goto(`${t.url}/`);
    await grid.getByRole('heading', { level: 1, name: 'Day grid' }).waitFor();
    await grid.getByText('You have no home site.').waitFor();
    await expect(grid.getByLabel('Site', { exact: true }).inputValue()).resolves.toBe('HQ');
    await grid.context().close();
  }, 120000);
});

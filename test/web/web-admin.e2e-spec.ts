import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { addDaysTo, book } from '../support/booking-helpers';
import { bearer, createAdmin, dayFromToday, registerUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import {
  expectAccessible,
  haveChromium,
  launchChromium,
  logIn,
  openPage,
  pageOverflow,
  SCREENSHOTS,
  showDay,
  skippedWithoutChromium,
} from './browser';

/**
 * Admin screens in Debian's Chromium: editing a room (ROOM_IN_USE shown beside the form),
 * closing a room over a booking (CLOSURE_CONFLICT, then cancel_conflicting), the closures list
 * with Lift and the grid free again, a workspace-wide closure, and all bookings with a date
 * range and cursor paging. axe-core on each screen.
 */
skippedWithoutChromium('web admin e2e');

(haveChromium ? describe : describe.skip)('web app: admin rooms, closures and bookings', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchChromium()]);
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("an admin edits a desk (renamed, more seats); deactivating it while booked shows ROOM_IN_USE's detail", async () => {
    const [admin, member] = await Promise.all([createAdmin(t), registerUser(t)]);
    await request(t.url)
      .post('/api/v1/rooms/')
      .set(bearer(admin.access))
      .send({ room_number: 'S77', room_type: 'SHARED_DESK', capacity: 4 })
      .expect(201);
    const page = await openPage(browser);
    await logIn(page, t.url, admin);
    await page.getByRole('link', { name: 'Rooms' }).click();

    await page.getByRole('button', { name: 'Edit S77' }).click();
    const edit = page.getByRole('form', { name: 'Edit S77' });
    await edit.getByLabel('Room number').fill('S78');
    await edit.getByLabel('Capacity').fill('6');
    await expectAccessible(page, 'rooms with the edit form');
    await edit.getByRole('button', { name: 'Save room' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved S78: capacity 6, active.' }).waitFor();
    await expect(page.getByRole('row', { name: /^S78/ }).innerText()).resolves.toMatch(
      /S78\s+Shared desk\s+6\s+Active/,
    );
    const { rows } = await t.db.query<{ capacity: number; is_active: boolean }>(
      `SELECT capacity, is_active FROM rooms WHERE room_number = 'S78'`,
    );
    expect(rows).toEqual([{ capacity: 6, is_active: true }]);

    // A booking holds it: deactivating is refused, the detail beside the form, nothing changed.
    const held = await book(t, member, {
      room_type: 'SHARED_DESK',
      room_number: 'S78',
      date: dayFromToday(2),
      time_slot: '10:00:00',
    });
    expect(held.status).toBe(201);
    await page.getByRole('button', { name: 'Edit S78' }).click();
    const again = page.getByRole('form', { name: 'Edit S78' });
    await again.getByLabel('Active (bookable)').uncheck();
    const answer = page.waitForResponse((res) => res.request().method() === 'PATCH');
    await again.getByRole('button', { name: 'Save room' }).click();
    const refused = await answer;
    expect(refused.status()).toBe(409);
    const problem = (await refused.json()) as { code: string; detail: string };
    expect(problem.code).toBe('ROOM_IN_USE');
    await expect(again.getByRole('alert').innerText()).resolves.toContain(problem.detail);
    await expect(again.getByRole('alert').innerText()).resolves.toContain(
      held.body.booking_id as string,
    );
    await expectAccessible(page, 'rooms with ROOM_IN_USE');
    const { rows: after } = await t.db.query<{ is_active: boolean }>(
      `SELECT is_active FROM rooms WHERE room_number = 'S78'`,
    );
    expect(after).toEqual([{ is_active: true }]);
    await page.context().close();
  }, 180000);

  it('closing a booked room: CLOSURE_CONFLICT beside the form, then cancel_conflicting; the closure listed, lifted, and the grid free again', async () => {
    const [admin, member] = await Promise.all([createAdmin(t), registerUser(t)]);
    const day = dayFromToday(5);
    const inside = await book(t, member, {
      room_type: 'PRIVATE',
      room_number: 'P04',
      date: day,
      time_slot: '11:00:00',
    });
    expect(inside.status).toBe(201);
    const bookingId = inside.body.booking_id as string;

    const page = await openPage(browser);
    await logIn(page, t.url, admin);
    await page.getByRole('link', { name: 'Rooms' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rooms' }).waitFor();
    await page.getByRole('heading', { name: 'Closures' }).waitFor();

    await page.getByRole('button', { name: 'Close P04 for some dates' }).click();
    const form = page.getByRole('form', { name: 'Close P04' });
    await form.getByLabel('First closed date').fill(day);
    await form.getByLabel('Last closed date').fill(day);
    await form.getByLabel('Reason').fill('Painting');
    const first = page.waitForResponse((res) => res.url().includes('/closures'));
    await form.getByRole('button', { name: 'Close room' }).click();
    const conflict = await first;
    expect(conflict.status()).toBe(409);
    const problem = (await conflict.json()) as { code: string; detail: string };
    expect(problem.code).toBe('CLOSURE_CONFLICT');
    await expect(form.getByRole('alert').innerText()).resolves.toContain(problem.detail);
    await expectAccessible(page, 'rooms with CLOSURE_CONFLICT');

    await form.getByLabel('Cancel the bookings inside').check();
    await form.getByRole('button', { name: 'Close room' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Closed P04 from ${day} to ${day}: Painting.` })
      .waitFor();
    const { rows: cancelled } = await t.db.query<{ status: string }>(
      `SELECT status FROM bookings WHERE booking_id = $1`,
      [bookingId],
    );
    expect(cancelled).toEqual([{ status: 'CANCELLED' }]);
    const listed = page.getByRole('row', { name: new RegExp(`^P04 ${day}`) });
    await expect(listed.innerText()).resolves.toMatch(/Whole day\s+Painting/);
    await expectAccessible(page, 'rooms with a closure listed');
    await page.locator('main').screenshot({ path: join(SCREENSHOTS, 'admin-rooms.png') });

    await page.getByRole('link', { name: 'Day grid' }).click();
    await showDay(page, day);
    for (const text of await page.getByRole('row', { name: /^P04/ }).locator('td').allInnerTexts())
      expect(text).toContain('Closed');

    await page.getByRole('link', { name: 'Rooms' }).click();
    await page.getByRole('button', { name: `Lift the closure of P04, ${day}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Lifted the closure of P04 (${day}).` })
      .waitFor();
    await page.getByText('No room is closed.').waitFor();
    const { rows: closures } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM room_closures c JOIN rooms r ON r.id = c.room_id
        WHERE r.room_number = 'P04'`,
    );
    expect(closures).toEqual([{ n: 0 }]);

    await page.getByRole('link', { name: 'Day grid' }).click();
    await showDay(page, day);
    await page.getByRole('button', { name: 'P04 at 11:00: free, book' }).waitFor();
    await page.context().close();
  }, 180000);

  it('a workspace-wide closure for some hours: every room Closed then, listed as Every room, lifted', async () => {
    const admin = await createAdmin(t);
    const day = dayFromToday(6);
    const page = await openPage(browser);
    await logIn(page, t.url, admin);
    await page.getByRole('link', { name: 'Rooms' }).click();
    const form = page.getByRole('form', { name: 'Close every room' });
    await form.getByLabel('First closed date').fill(day);
    await form.getByLabel('Last closed date').fill(day);
    await form.getByLabel('From').selectOption('14:00');
    await form.getByLabel('Until').selectOption('16:00');
    await form.getByLabel('Reason').fill('Fire drill');
    await form.getByRole('button', { name: 'Close every room' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Closed every room from ${day} to ${day}: Fire drill.` })
      .waitFor();
    const row = page.getByRole('row', { name: new RegExp(`^Every room ${day}`) });
    await expect(row.innerText()).resolves.toMatch(/14:00–16:00\s+Fire drill/);

    await page.getByRole('link', { name: 'Day grid' }).click();
    await showDay(page, day);
    const p01 = page.getByRole('row', { name: /^P01/ }).locator('td');
    const texts = await p01.allInnerTexts();
    expect(texts.map((text) => text.includes('Closed'))).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      false,
      false,
    ]);

    await page.getByRole('link', { name: 'Rooms' }).click();
    await page.getByRole('button', { name: `Lift the closure of every room, ${day}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Lifted the closure of every room (${day}).` })
      .waitFor();
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM room_closures WHERE room_id IS NULL`,
    );
    expect(rows).toEqual([{ n: 0 }]);
    await page.context().close();
  }, 180000);

  it('all bookings: a date range and status, paged forward by cursor and back; usable at 375 px', async () => {
    const [admin, member] = await Promise.all([createAdmin(t), registerUser(t)]);
    const from = dayFromToday(10);
    // 21 bookings over three days: one more than a page.
    for (let day = 0; day < 3; day++) {
      for (let hour = 9; hour < 16; hour++) {
        const res = await book(t, member, {
          room_type: 'PRIVATE',
          date: addDaysTo(from, day),
          time_slot: `${hour}:00:00`.padStart(8, '0'),
        });
        expect(res.status).toBe(201);
      }
    }
    const page = await openPage(browser, 375, 800);
    await logIn(page, t.url, admin);
    await page.goto(`${t.url}/admin/bookings`);
    await page.getByRole('heading', { level: 1, name: 'All bookings' }).waitFor();
    await page.getByLabel('From', { exact: true }).fill(from);
    await page.getByLabel('To', { exact: true }).fill(addDaysTo(from, 2));
    await page.getByLabel('Status').selectOption('ACTIVE');
    const first = page.waitForResponse((res) => res.url().includes('/api/v1/bookings?'));
    await page.getByRole('button', { name: 'Show' }).click();
    const url = new URL((await first).url());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      page_size: '20',
      date_from: from,
      date_to: addDaysTo(from, 2),
      status: 'ACTIVE',
    });
    await page.getByRole('table', { name: '21 bookings' }).waitFor();
    await expect(page.getByRole('table').locator('tbody tr').count()).resolves.toBe(20);
    await page.getByText('Page 1 · 21 in all').waitFor();
    await expectAccessible(page, 'all bookings with a date range');
    await expect(pageOverflow(page)).resolves.toBeLessThanOrEqual(0);

    const next = page.waitForResponse((res) => res.url().includes('/api/v1/bookings?'));
    await page.getByRole('button', { name: 'Next page' }).click();
    expect(new URL((await next).url()).searchParams.get('cursor')).toEqual(expect.any(String));
    await page.getByText('Page 2 · 21 in all').waitFor();
    // The page label moves at once, the rows with the answer.
    const rows = page.getByRole('table').locator('tbody tr');
    await rows.nth(1).waitFor({ state: 'detached' });
    await expect(rows.count()).resolves.toBe(1);
    await expect(page.getByRole('table').locator('tbody tr').innerText()).resolves.toContain(
      `${addDaysTo(from, 2)}, 15:00–16:00`,
    );
    await expect(page.getByRole('button', { name: 'Next page' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Page 1 · 21 in all').waitFor();
    await rows.nth(19).waitFor();
    await expect(rows.count()).resolves.toBe(20);
    await page.context().close();
  }, 180000);
});

import { readFileSync } from 'node:fs';
import type { Clock } from '@app/core';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { book, cancel } from '../support/booking-helpers';
import { createAdmin, dayFromToday, registerUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import {
  expectAccessible,
  haveChromium,
  launchChromium,
  logIn,
  openPage as openPageIn,
  ROOT,
  SCREENSHOTS,
  showDay,
  skippedWithoutChromium,
} from './browser';

/**
 * The web app (apps/web) as the API serves it, in Debian's Chromium driven by playwright-core:
 * a member registers, books a desk for two from the day grid, sees it as theirs and cancels it;
 * a slot taken meanwhile by another client shows the API's detail in the booking dialog; the
 * admin lists. axe-core checks every screen. Screenshots for the README land in docs/screenshots.
 */
skippedWithoutChromium('web app e2e');

const TOKENS = 'workspace-booking.tokens';
const report = (line: string) => process.stderr.write(`[web app e2e] ${line}\n`);

(haveChromium ? describe : describe.skip)('web app in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  const date = dayFromToday(2);

  beforeAll(async () => {
    // test/global-setup.ts has built dist/web (when stale) before any spec started an API.
    [t, browser] = await Promise.all([startTestApp(), launchChromium()]);
  }, 180000);

  const openPage = (width?: number, height?: number) => openPageIn(browser, width, height);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves the app at / with revalidated HTML, year-long hashed assets, and an SPA fallback outside /api', async () => {
    const index = await request(t.url).get('/').expect(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['cache-control']).toBe('no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    expect(script).toBeDefined();
    const asset = await request(t.url).get(script!).expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const deepLink = await request(t.url).get('/admin/bookings').expect(200);
    expect(deepLink.text).toBe(index.text);
    expect(deepLink.headers['cache-control']).toBe('no-cache');
    // The API keeps its problem+json 404s; a missing asset is not the app either.
    const api = await request(t.url).get('/api/v1/nothing-here').expect(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    await request(t.url).get('/assets/missing-0000.js').expect(404);
    await request(t.url).get('/.build-stamp').expect(200); // the SPA, not the stamp
    expect((await request(t.url).get('/.build-stamp')).text).toBe(index.text);

    const gzipped = gzipSync(readFileSync(join(ROOT, 'dist/web', script!))).length;
    report(`JavaScript of the app: ${(gzipped / 1024).toFixed(1)} kB gzipped (budget 200 kB)`);
    expect(gzipped).toBeLessThan(200 * 1024);
  });

  it('a member registers, books a desk for two from the grid, sees it as theirs, and cancels it', async () => {
    const [, someoneElse] = await Promise.all([
      registerUser(t, { name: 'Grace Hopper' }),
      registerUser(t),
    ]);
    // Someone else's bookings, so the grid shows taken rooms and a desk with fewer seats.
    for (const body of [
      { room_type: 'PRIVATE', room_number: 'P02', time_slot: '13:00:00', end_time: '15:00:00' },
      { room_type: 'SHARED_DESK', room_number: 'S02', time_slot: '09:00:00', end_time: '11:00:00' },
    ]) {
      expect((await book(t, someoneElse, { ...body, date })).status).toBe(201);
    }
    const page = await openPage();

    await page.goto(`${t.url}/my-bookings`);
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await expectAccessible(page, 'login');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    await expectAccessible(page, 'register');

    const username = 'ada.lovelace'; // a database of its own: the screenshots stay the same
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByLabel('Age').fill('36');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Email').fill(`${username}@example.com`);
    await page.getByLabel('Password (8 characters or more)').fill('Tr0ub4dor&3-horse');
    await page.getByLabel('Password again').fill('Tr0ub4dor&3-horse');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Day grid' }).waitFor();

    const started = Date.now();
    const rendered = await showDay(page, date);
    report(
      `day grid for ${date}: ${rendered.toFixed(0)} ms from request to render in the browser ` +
        `(${Date.now() - started} ms as the test saw it)`,
    );
    await expectAccessible(page, 'day grid');

    await page.getByRole('button', { name: 'S01 at 10:00: 4/4 free seats, book' }).click();
    const dialog = page.getByRole('dialog', { name: 'Book S01' });
    await dialog.getByLabel('Until').selectOption('12:00:00');
    await dialog.getByLabel('Find a member').fill('Grace');
    await dialog.getByLabel('Grace Hopper').check();
    await expectAccessible(page, 'booking dialog', 'dialog');
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();

    await page
      .getByRole('status')
      .filter({ hasText: /^Booked BK\w+S01: S01 on / })
      .waitFor();
    for (const hour of ['10:00', '11:00']) {
      await expect(
        page.locator('.cell.mine', { hasText: `S01 at ${hour}:` }).innerText(),
      ).resolves.toMatch(/Mine\s*2\/4 free/);
    }
    await page.getByRole('button', { name: 'S01 at 12:00: 4/4 free seats, book' }).waitFor();
    await expect(
      page.locator('.cell.taken', { hasText: 'P02 at 14:00:' }).innerText(),
    ).resolves.toContain('Taken');
    await page.getByRole('button', { name: 'S02 at 10:00: 3/4 free seats, book' }).waitFor();
    await page.locator('main').screenshot({ path: join(SCREENSHOTS, 'day-grid.png') });

    const { rows: booked } = await t.db.query<{ booking_id: string; people: string }>(
      `SELECT b.booking_id, string_agg(m.name, ', ' ORDER BY m.name) AS people
         FROM bookings b JOIN booking_participants p ON p.booking_id = b.id
         JOIN members m ON m.id = p.member_id JOIN rooms r ON r.id = b.room_id
        WHERE r.room_number = 'S01' AND b.date = $1 AND b.start_hour = 10 AND b.end_hour = 12
          AND b.status = 'ACTIVE' AND p.seat_number IS NOT NULL
        GROUP BY b.booking_id`,
      [date],
    );
    expect(booked).toEqual([
      { booking_id: expect.any(String), people: 'Ada Lovelace, Grace Hopper' },
    ]);
    const bookingId = booked[0].booking_id;

    await page.getByRole('link', { name: 'My bookings' }).click();
    const card = page.getByRole('listitem', { name: `S01 · ${date}, 10:00–12:00` });
    await expect(card.innerText()).resolves.toContain('Ada Lovelace, Grace Hopper');
    await expectAccessible(page, 'my bookings');
    await page.locator('main').screenshot({ path: join(SCREENSHOTS, 'my-bookings.png') });

    await card.getByRole('button', { name: `Cancel booking ${bookingId}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Cancelled ${bookingId}.` })
      .waitFor();
    await page.getByRole('heading', { name: 'Cancelled (1)' }).waitFor();
    await page.getByRole('heading', { name: 'Active (0)' }).waitFor();
    await expect(
      page
        .getByRole('listitem', { name: `S01 · ${date}, 10:00–12:00` })
        .getByRole('button', { name: /Cancel booking|Check in/ })
        .count(),
    ).resolves.toBe(0);
    const { rows: after } = await t.db.query<{ status: string }>(
      `SELECT status FROM bookings WHERE booking_id = $1`,
      [bookingId],
    );
    expect(after).toEqual([{ status: 'CANCELLED' }]);

    // A phone: the grid scrolls inside its own region, the page itself does not.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole('link', { name: 'Day grid' }).click();
    await showDay(page, date);
    await expect(
      page.evaluate('document.documentElement.scrollWidth'),
    ).resolves.toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(SCREENSHOTS, 'day-grid-375.png') });

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await expect(page.evaluate(`localStorage.getItem('${TOKENS}')`)).resolves.toBeNull();
    await page.context().close();
  }, 180000);

  it("shows the API's detail in the dialog when another client takes the slot meanwhile", async () => {
    const [member, rival] = await Promise.all([registerUser(t), registerUser(t)]);
    const page = await openPage();
    await logIn(page, t.url, member);
    // An access token the API refuses (its signature broken, its claims intact): the app
    // refreshes quietly and replays, with no login form.
    const saved = JSON.parse(String(await page.evaluate(`localStorage.getItem('${TOKENS}')`)));
    const broken = { ...saved, access: `${saved.access.slice(0, -4)}AAAA` };
    await page.evaluate(`localStorage.setItem('${TOKENS}', '${JSON.stringify(broken)}')`);
    const refreshed = page.waitForResponse((res) => res.url().includes('/api/token/refresh'));
    await page.reload();
    expect((await refreshed).status()).toBe(200);
    await showDay(page, date);
    const renewed = JSON.parse(String(await page.evaluate(`localStorage.getItem('${TOKENS}')`)));
    expect(renewed.access).not.toBe(broken.access);
    expect(renewed.refresh).not.toBe(saved.refresh);

    await page.getByRole('button', { name: 'P01 at 14:00: free, book' }).click();
    const dialog = page.getByRole('dialog', { name: 'Book P01' });
    await dialog.getByLabel('Until').waitFor();
    const taken = await book(t, rival, {
      room_type: 'PRIVATE',
      room_number: 'P01',
      date,
      time_slot: '14:00:00',
    });
    expect(taken.status).toBe(201);

    const answer = page.waitForResponse(
      (res) => res.request().method() === 'POST' && res.url().includes('/api/v1/bookings'),
    );
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();
    const refused = await answer;
    expect(refused.status()).toBe(409);
    const problem = (await refused.json()) as { code: string; detail: string };
    expect(problem.code).toBe('SLOT_TAKEN');
    const alert = dialog.getByRole('alert');
    await expect(alert.innerText()).resolves.toContain(problem.detail);
    await expectAccessible(page, 'booking dialog with an error', 'dialog');

    await dialog.getByRole('button', { name: 'Close' }).click();
    await showDay(page, dayFromToday(3));
    await showDay(page, date);
    await expect(
      page.locator('.cell', { hasText: 'P01 at 14:00:' }).innerText(),
    ).resolves.toContain('Taken');

    // The taken cell offers the waitlist: the same request, in line; the position is shown.
    await page.getByRole('button', { name: 'P01 at 14:00: taken, join waitlist' }).click();
    const waitDialog = page.getByRole('dialog', { name: 'Join the waitlist for P01' });
    await expectAccessible(page, 'waitlist dialog', 'dialog');
    await waitDialog.getByRole('button', { name: 'Join waitlist' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `On the waitlist for P01 on ${date}, 14:00–15:00: position 1.` })
      .waitFor();
    const { rows: waiting } = await t.db.query<{ room_number: string; start_hour: number }>(
      `SELECT w.room_number, w.start_hour FROM waitlist_entries w
        WHERE w.created_by = $1 AND w.date = $2 AND w.status = 'WAITING'`,
      [member.id, date],
    );
    expect(waiting).toEqual([{ room_number: 'P01', start_hour: 14 }]);
    // Twice: the API's detail (ALREADY_WAITING) in the dialog, nothing more written.
    await page.getByRole('button', { name: 'P01 at 14:00: taken, join waitlist' }).click();
    const again = page.waitForResponse(
      (res) => res.request().method() === 'POST' && res.url().includes('/api/v1/waitlist'),
    );
    await waitDialog.getByRole('button', { name: 'Join waitlist' }).click();
    const twice = await again;
    expect(twice.status()).toBe(409);
    const twiceProblem = (await twice.json()) as { code: string; detail: string };
    expect(twiceProblem.code).toBe('ALREADY_WAITING');
    await expect(waitDialog.getByRole('alert').innerText()).resolves.toContain(twiceProblem.detail);
    await waitDialog.getByRole('button', { name: 'Close' }).click();
    const { rows: count } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM waitlist_entries WHERE created_by = $1`,
      [member.id],
    );
    expect(count).toEqual([{ n: 1 }]);
    await page.context().close();
  }, 180000);

  it('a member an admin created without a password sets one from the set_password_url, then logs in', async () => {
    const admin = await createAdmin(t);
    const username = `linus.${Date.now()}`;
    const created = await request(t.url)
      .post('/api/v1/users/')
      .set({ Authorization: `Bearer ${admin.access}` })
      .send({ name: 'Linus T', age: 40, gender: 'M', username, email: `${username}@example.com` })
      .expect(201);
    const link = new URL(created.body.set_password_url as string);
    expect(link.origin).toBe('http://api.booking.test'); // PUBLIC_URL; the test serves the same path
    expect(link.pathname).toBe('/set-password');

    const page = await openPage(375, 800);
    await page.goto(`${t.url}${link.pathname}${link.search}`);
    await page.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
    await expectAccessible(page, 'set password');
    // Too short: the API's detail, nothing set.
    await page.getByLabel('New password (8 characters or more)').fill('short');
    await page.getByLabel('New password again').fill('short');
    const weak = page.waitForResponse((res) => res.url().includes('/api/v1/password/set'));
    await page.getByRole('button', { name: 'Set password' }).click();
    const weakAnswer = await weak;
    expect(weakAnswer.status()).toBe(400);
    const weakProblem = (await weakAnswer.json()) as { detail: string };
    await expect(page.getByRole('alert').innerText()).resolves.toContain(weakProblem.detail);
    await expectAccessible(page, 'set password with an error');

    await page.getByLabel('New password (8 characters or more)').fill('Linus-pass-2026');
    await page.getByLabel('New password again').fill('Linus-pass-2026');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Password set' }).waitFor();
    await expect(
      page.evaluate('document.documentElement.scrollWidth'),
    ).resolves.toBeLessThanOrEqual(375);
    const { rows } = await t.db.query<{ used: number }>(
      `SELECT count(*)::int AS used FROM password_set_tokens p JOIN accounts a ON a.id = p.account_id
        WHERE a.username = $1 AND p.used_at IS NOT NULL`,
      [username],
    );
    expect(rows).toEqual([{ used: 1 }]);

    await page.getByRole('link', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('Linus-pass-2026');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Day grid' }).waitFor();

    // The link works once.
    await page.goto(`${t.url}${link.pathname}${link.search}`);
    await page.getByLabel('New password (8 characters or more)').fill('Another-pass-2026');
    await page.getByLabel('New password again').fill('Another-pass-2026');
    const again = page.waitForResponse((res) => res.url().includes('/api/v1/password/set'));
    await page.getByRole('button', { name: 'Set password' }).click();
    const againAnswer = await again;
    const againProblem = (await againAnswer.json()) as { code: string; detail: string };
    expect([againAnswer.status(), againProblem.code]).toEqual([400, 'INVALID_SET_PASSWORD_TOKEN']);
    await expect(page.getByRole('alert').innerText()).resolves.toContain(againProblem.detail);
    await page.context().close();
  }, 180000);

  it('my bookings: check in when the window is open (the API refuses too early), .ics download, calendar feed URL', async () => {
    // An API of its own whose clock reads 09:50 (UTC) on a day ahead, running on from there.
    const day = dayFromToday(5);
    const offset = Date.parse(`${day}T09:50:00Z`) - Date.now();
    const clock: Clock = { now: () => new Date(Date.now() + offset) };
    const early = await startTestApp({ clock });
    try {
      const member = await registerUser(early, { name: 'Early Bird' });
      const soon = await book(early, member, {
        room_type: 'PRIVATE',
        room_number: 'P01',
        date: day,
        time_slot: '10:00:00',
      });
      expect(soon.status).toBe(201);
      const later = await book(early, member, {
        room_type: 'PRIVATE',
        room_number: 'P02',
        date: day,
        time_slot: '15:00:00',
      });
      expect(later.status).toBe(201);
      const soonId = soon.body.booking_id as string;
      const laterId = later.body.booking_id as string;

      const page = await openPage(375, 800);
      await logIn(page, early.url, member);
      await page.getByRole('link', { name: 'My bookings' }).click();
      const soonCard = page.getByRole('listitem', { name: `P01 · ${day}, 10:00–11:00` });
      const laterCard = page.getByRole('listitem', { name: `P02 · ${day}, 15:00–16:00` });
      await soonCard.waitFor();
      await expectAccessible(page, 'my bookings with check-in');

      // Too early for the 15:00 booking: the API's detail beside it, nothing written.
      const refusedAnswer = page.waitForResponse((res) => res.url().includes('/check-in'));
      await laterCard.getByRole('button', { name: `Check in ${laterId}` }).click();
      const refused = await refusedAnswer;
      expect(refused.status()).toBe(409);
      const problem = (await refused.json()) as { code: string; detail: string };
      expect(problem.code).toBe('CHECK_IN_CLOSED');
      await expect(laterCard.getByRole('alert').innerText()).resolves.toContain(problem.detail);

      await soonCard.getByRole('button', { name: `Check in ${soonId}` }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Checked in ${soonId}.` })
        .waitFor();
      await soonCard.getByText('Checked in', { exact: true }).waitFor();
      await expect(soonCard.getByRole('button', { name: /Check in/ }).count()).resolves.toBe(0);
      const { rows } = await early.db.query<{ booking_id: string; checked_in: boolean }>(
        `SELECT booking_id, checked_in_at IS NOT NULL AS checked_in FROM bookings
          WHERE booking_id = ANY($1) ORDER BY booking_id`,
        [[soonId, laterId]],
      );
      expect(rows).toEqual(
        [
          { booking_id: soonId, checked_in: true },
          { booking_id: laterId, checked_in: false },
        ].sort((a, b) => a.booking_id.localeCompare(b.booking_id)),
      );

      // The .ics, fetched with the token and saved under the booking id.
      const download = page.waitForEvent('download');
      await soonCard.getByRole('button', { name: `Download .ics ${soonId}` }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`${soonId}.ics`);
      const ics = readFileSync(String(await file.path()), 'utf8');
      expect(ics).toContain('BEGIN:VCALENDAR');
      expect(ics).toContain(`UID:${soonId}@`);

      // The feed URL to copy; it serves the bookings without a token.
      await page.getByRole('button', { name: 'Calendar feed' }).click();
      const feed = page.getByLabel('Calendar feed URL (copy it into your calendar)');
      const feedUrl = new URL(await feed.inputValue());
      expect(feedUrl.pathname).toMatch(/^\/api\/v1\/calendar\/[\w-]+\.ics$/);
      const served = await request(early.url).get(feedUrl.pathname).expect(200);
      expect(served.text).toContain(`UID:${laterId}@`);
      await expectAccessible(page, 'my bookings with the calendar feed');
      await expect(
        page.evaluate('document.documentElement.scrollWidth'),
      ).resolves.toBeLessThanOrEqual(375);
      await page.context().close();
    } finally {
      await early.close();
    }
  }, 180000);

  it('an admin lists members, teams and every booking with filters; a member sees none of it', async () => {
    const admin = await createAdmin(t);
    const member = await registerUser(t, { name: 'Filter Target' });
    // A day of its own: one active private booking among a desk booking and a cancelled one.
    const day = dayFromToday(4);
    const made = await book(t, member, {
      room_type: 'PRIVATE',
      room_number: 'P02',
      date: day,
      time_slot: '09:00:00',
    });
    expect(made.status).toBe(201);
    const desk = { room_type: 'SHARED_DESK', room_number: 'S03', date: day, time_slot: '11:00:00' };
    expect((await book(t, member, desk)).status).toBe(201);
    const dropped = await book(t, member, {
      room_type: 'PRIVATE',
      room_number: 'P03',
      date: day,
      time_slot: '13:00:00',
    });
    expect(dropped.status).toBe(201);
    await cancel(t, member, dropped.body.booking_id as string).expect(200);
    await request(t.url)
      .post('/api/v1/teams/')
      .set({ Authorization: `Bearer ${admin.access}` })
      .send({ name: 'Platform', member_ids: [admin.id, member.id] })
      .expect(201);

    const page = await openPage();
    await logIn(page, t.url, admin);

    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
    await page.getByRole('rowheader', { name: 'Filter Target' }).waitFor();
    await expectAccessible(page, 'members');

    await page.getByRole('link', { name: 'Teams' }).click();
    const team = page.getByRole('row', { name: /Platform/ });
    await expect(team.innerText()).resolves.toContain('Filter Target');
    await expectAccessible(page, 'teams');

    await page.getByRole('link', { name: 'All bookings' }).click();
    await page.getByRole('heading', { level: 1, name: 'All bookings' }).waitFor();
    await page.getByLabel('Date').fill(day);
    await page.getByLabel('Room type').selectOption('PRIVATE');
    await page.getByLabel('Status').selectOption('ACTIVE');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('table', { name: '1 booking' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(made.body.booking_id as string) });
    await expect(row.innerText()).resolves.toContain('Filter Target');
    await expectAccessible(page, 'all bookings');
    await page.context().close();

    const memberPage = await openPage();
    await logIn(memberPage, t.url, member);
    await expect(memberPage.getByRole('link', { name: 'Members' }).count()).resolves.toBe(0);
    await memberPage.goto(`${t.url}/admin/members`);
    await memberPage.getByRole('heading', { level: 1, name: 'For admins only' }).waitFor();
    await memberPage.context().close();
  }, 180000);
  it('an admin creates a room, closes it for a day, and the grid shows its hours Closed', async () => {
    const admin = await createAdmin(t);
    const day = dayFromToday(5);
    const page = await openPage();
    await logIn(page, t.url, admin);

    await page.getByRole('link', { name: 'Rooms' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rooms' }).waitFor();
    const newRoom = page.getByRole('form', { name: 'New room' });
    await newRoom.getByLabel('Room number').fill('P99');
    await newRoom.getByLabel('Room type').selectOption('PRIVATE');
    await newRoom.getByLabel('Capacity').fill('1');
    await newRoom.getByRole('button', { name: 'Create room' }).click();
    const row = page.getByRole('row', { name: /P99/ });
    await expect(row.innerText()).resolves.toContain('Active');
    await expectAccessible(page, 'rooms');

    // The same number again: the API's detail beside the form.
    await newRoom.getByLabel('Room number').fill('p99');
    await newRoom.getByLabel('Capacity').fill('1');
    await newRoom.getByRole('button', { name: 'Create room' }).click();
    await expect(newRoom.getByRole('alert').innerText()).resolves.toMatch(/P99/i);

    await page.getByRole('button', { name: 'Close P99 for some dates' }).click();
    const closeForm = page.getByRole('form', { name: 'Close P99' });
    await closeForm.getByLabel('First closed date').fill(day);
    await closeForm.getByLabel('Last closed date').fill(day);
    await closeForm.getByLabel('Reason').fill('Carpet cleaning');
    await closeForm.getByRole('button', { name: 'Close room' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Closed P99 from ${day} to ${day}: Carpet cleaning.` })
      .waitFor();
    await expectAccessible(page, 'rooms after closing');

    await page.getByRole('link', { name: 'Day grid' }).click();
    await showDay(page, day);
    const cells = page.getByRole('row', { name: /^P99/ }).locator('td');
    await expect(cells.count()).resolves.toBe(9);
    for (const text of await cells.allInnerTexts()) expect(text).toContain('Closed');
    await expect(page.getByRole('button', { name: /^P99 at/ }).count()).resolves.toBe(0);
    // The day after is open: the closure covers only its dates.
    await showDay(page, dayFromToday(6));
    await page.getByRole('button', { name: 'P99 at 09:00: free, book' }).waitFor();
    await page.context().close();
  }, 180000);

  it('an admin charts the utilisation report for dates, downloads it as CSV; a member never loads the chart', async () => {
    const admin = await createAdmin(t);
    const member = await registerUser(t);
    // Four weeks of history, the same every run (hashes of room number, date and hour).
    const [from, to] = ['2025-03-03', '2025-03-30'];
    await t.db.query(
      `INSERT INTO bookings (booking_id, room_id, member_id, date, start_hour, end_hour, status,
                             created_by, cancelled_at, cancelled_by, checked_in_at, checked_in_by,
                             released_at)
       SELECT 'BK' || to_char(d, 'YYYYMMDD') || lpad(h::text, 2, '0') || '0000' || r.room_number,
              r.id, $1, d::date, h, h + 1,
              CASE WHEN k % 10 = 0 THEN 'CANCELLED' WHEN k % 10 = 1 THEN 'RELEASED' ELSE 'ACTIVE' END,
              $1,
              CASE WHEN k % 10 = 0 THEN d - interval '1 day' END,
              CASE WHEN k % 10 = 0 THEN $1::int END,
              CASE WHEN k % 10 >= 4 THEN d + make_interval(hours => h, mins => 5) END,
              CASE WHEN k % 10 >= 4 THEN $1::int END,
              CASE WHEN k % 10 = 1 THEN d + make_interval(hours => h, mins => 15) END
       FROM generate_series($2::date, $3::date, interval '1 day') AS d
       CROSS JOIN rooms r
       CROSS JOIN generate_series(9, 17) AS h
       CROSS JOIN LATERAL (SELECT abs(hashtext(r.room_number || d::date || h)::bigint) % 100 AS k) x
       WHERE r.room_number ~ '^[PCS]0[1-8]$'
         AND x.k < CASE r.room_type WHEN 'PRIVATE' THEN 75 WHEN 'CONFERENCE' THEN 45 ELSE 60 END`,
      [admin.id, from, to],
    );
    await t.db.query(
      `INSERT INTO booking_participants (booking_id, member_id, seat_number)
       SELECT b.id, $1, 1 FROM bookings b JOIN rooms r ON r.id = b.room_id
       WHERE r.room_type = 'SHARED_DESK' AND b.date BETWEEN $2 AND $3`,
      [admin.id, from, to],
    );
    const expected = (
      await request(t.url)
        .get('/api/v1/reports/utilisation/')
        .query({ from, to })
        .set({ Authorization: `Bearer ${admin.access}` })
        .expect(200)
    ).body as { room_types: { room_type: string; booked_hours: number; utilisation: number }[] };

    // A member's screens never fetch the report's chunk (chart.js).
    const memberPage = await openPage();
    const memberScripts: string[] = [];
    memberPage.on('request', (r) => {
      if (r.resourceType() === 'script') memberScripts.push(r.url());
    });
    await logIn(memberPage, t.url, member);
    await memberPage.getByRole('link', { name: 'My bookings' }).click();
    await memberPage.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
    await expect(memberPage.getByRole('link', { name: 'Report' }).count()).resolves.toBe(0);
    expect(memberScripts.filter((url) => /report/i.test(url))).toEqual([]);
    await memberPage.context().close();

    const page = await openPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await logIn(page, t.url, admin);
    expect(scripts.filter((url) => /report/i.test(url))).toEqual([]);
    await page.getByRole('link', { name: 'Report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Utilisation report' }).waitFor();
    expect(scripts.filter((url) => /report/i.test(url))).toHaveLength(1);

    // A reversed range: the API's detail beside the form.
    await page.getByLabel('From', { exact: true }).fill(to);
    await page.getByLabel('To', { exact: true }).fill(from);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByText('to must not be before from').first().innerText()).resolves.toBe(
      'to must not be before from',
    );

    await page.getByLabel('From', { exact: true }).fill(from);
    await page.getByLabel('To', { exact: true }).fill(to);
    await page.getByRole('button', { name: 'Show' }).click();
    for (const type of expected.room_types) {
      const name = {
        PRIVATE: 'Private room',
        CONFERENCE: 'Conference room',
        SHARED_DESK: 'Shared desk',
      }[type.room_type]!;
      const row = page.getByRole('row', { name: new RegExp(`^All: ${name}`) });
      const text = await row.innerText();
      expect(text).toContain(String(type.booked_hours));
      expect(text).toContain(`${(type.utilisation * 100).toFixed(1)}%`);
    }
    await page
      .getByRole('img', {
        name: `Utilisation per room from ${from} to ${to}; the numbers are in the table below.`,
      })
      .waitFor();
    // A string: this file compiles without the DOM types.
    await page.waitForFunction("(document.querySelector('.report-chart canvas')?.width ?? 0) > 0");
    await expectAccessible(page, 'utilisation report');
    await page.locator('main').screenshot({ path: join(SCREENSHOTS, 'utilisation-report.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`utilisation-${from}-${to}.csv`);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'room_id,room_number,room_type,bookable_hours,booked_hours,checked_in_hours,released_hours,cancelled_hours,utilisation',
    );
    await page.context().close();
  }, 180000);

  it('an admin sets booking policies; a bad value shows the API detail beside its field, nothing saved', async () => {
    const admin = await createAdmin(t);
    const page = await openPage();
    await logIn(page, t.url, admin);
    await page.getByRole('link', { name: 'Policies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
    const form = page.getByRole('form', { name: 'Booking policies' });
    await expectAccessible(page, 'policies');

    await form.getByLabel('Max hours per day, all room types').fill('6');
    await form.getByLabel('Max hours per day, shared desks').fill('2');
    await form
      .getByRole('group', { name: 'Open weekdays, all room types' })
      .getByLabel('Sat')
      .uncheck();
    await form
      .getByRole('group', { name: 'Open weekdays, all room types' })
      .getByLabel('Sun')
      .uncheck();
    await form.getByRole('button', { name: 'Save policies' }).click();
    await page.getByRole('status').filter({ hasText: 'Policies saved.' }).waitFor();
    const saved = await request(t.url)
      .get('/api/v1/policies/')
      .set('Authorization', `Bearer ${admin.access}`)
      .expect(200);
    expect(saved.body).toMatchObject({
      max_hours_per_day: 6,
      open_weekdays: ['MO', 'TU', 'WE', 'TH', 'FR'],
      by_room_type: { SHARED_DESK: { max_hours_per_day: 2, open_weekdays: null } },
    });

    // A -1: the API's message under that very box, announced; the stored policy unchanged.
    await form.getByLabel('Cancellation cutoff (minutes), private rooms').fill('-1');
    await form.getByRole('button', { name: 'Save policies' }).click();
    const field = form.getByLabel('Cancellation cutoff (minutes), private rooms');
    // The message appears with the API's answer (innerText waits for it), the box marked with it.
    await expect(
      page.locator('#field-PRIVATE\\.cancel_cutoff_min-error').innerText(),
    ).resolves.toMatch(/cancel_cutoff_min must not be less than 0/);
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(form.getByRole('alert').innerText()).resolves.toMatch(/cancel_cutoff_min/);
    await expectAccessible(page, 'policies with an error');
    const after = await request(t.url)
      .get('/api/v1/policies/')
      .set('Authorization', `Bearer ${admin.access}`)
      .expect(200);
    expect(after.body).toEqual(saved.body);
    await request(t.url)
      .put('/api/v1/policies/')
      .set('Authorization', `Bearer ${admin.access}`)
      .send({})
      .expect(200);
    await page.context().close();
  }, 180000);

  it('an admin reads the audit log: filters, then older entries page by page', async () => {
    const admin = await createAdmin(t);
    const member = await registerUser(t, { name: 'Audit Target' });
    const made = await book(t, member, {
      room_type: 'PRIVATE',
      room_number: 'P04',
      date: dayFromToday(7),
      time_slot: '10:00:00',
    });
    expect(made.status).toBe(201);
    // More entries of one kind than a page holds (25).
    await t.db.query(
      `INSERT INTO audit_log (actor_id, action, entity, entity_id, data)
      SELECT $1, 'member.updated', 'policy', 'p' || n, jsonb_build_object('n', n)
      FROM generate_series(1, 30) AS n`,
      [admin.id],
    );

    const page = await openPage();
    await logIn(page, t.url, admin);
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page.getByLabel('About').selectOption('booking');
    await page.getByLabel('Actor (member id)').fill(String(member.id));
    await page.getByRole('button', { name: 'Show' }).click();
    const created = page.getByRole('row', { name: new RegExp(made.body.booking_id as string) });
    await expect(created.innerText()).resolves.toContain('booking.created');
    // The unfiltered first page may still be shown (it has this row too): wait for the filter.
    await page.getByRole('row').nth(2).waitFor({ state: 'detached' });
    await expect(page.getByRole('row').count()).resolves.toBe(2);
    await expectAccessible(page, 'audit log');

    // This admin's rows only: the policies test before this one writes policy rows of its own.
    await page.getByLabel('About').selectOption('policy');
    await page.getByLabel('Actor (member id)').fill(String(admin.id));
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('row', { name: /policy p30/ }).waitFor();
    await expect(page.getByRole('row').count()).resolves.toBe(26);
    await page.getByRole('button', { name: 'Older entries' }).click();
    await page.getByRole('table', { name: 'Entries, page 2' }).waitFor();
    await expect(page.getByRole('row').count()).resolves.toBe(6);
    await page.getByRole('row', { name: /policy p1\b/ }).waitFor();
    await expect(page.getByRole('button', { name: 'Older entries' }).isDisabled()).resolves.toBe(
      true,
    );
    await page.getByRole('button', { name: 'Newer entries' }).click();
    await page.getByRole('row', { name: /policy p30/ }).waitFor();

    // A bad filter: the API's 400 detail, shown.
    await page.getByLabel('Entity id').fill('not an id');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/entity_id/);
    await page.context().close();
  }, 180000);
});

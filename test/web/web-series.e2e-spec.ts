import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { addDaysTo, book, cancel } from '../support/booking-helpers';
import { bearer, dayFromToday, registerUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import {
  expectAccessible,
  haveChromium,
  launchChromium,
  logIn,
  openPage,
  pageOverflow,
  ROOT,
  SCREENSHOTS,
  showDay,
  skippedWithoutChromium,
} from './browser';

/**
 * Member screens added for series and the waitlist, in Debian's Chromium: a series previewed
 * (dry_run: the dates it would book and those refused, with each refusal's detail), then
 * confirmed and later cancelled from My bookings; the waitlist entries listed, one left, one
 * promoted when its slot frees up. Also the member bundle's size and the grid's render time.
 */
skippedWithoutChromium('web series e2e');
const report = (line: string) => process.stderr.write(`[web series e2e] ${line}\n`);

(haveChromium ? describe : describe.skip)('web app: series and waitlist (member screens)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchChromium()]);
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("prints the member screens' JavaScript gzipped (entry and what it preloads; admin screens are lazy chunks)", () => {
    const dist = join(ROOT, 'dist/web');
    const index = readFileSync(join(dist, 'index.html'), 'utf8');
    const member = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    const gzipped = (file: string) => gzipSync(readFileSync(join(dist, file))).length;
    const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
    const memberBytes = member.reduce((sum, file) => sum + gzipped(file), 0);
    const lazy = readdirSync(join(dist, 'assets'))
      .filter((name) => name.endsWith('.js') && !member.includes(`/assets/${name}`))
      .map((name) => `${name} ${kB(gzipped(`/assets/${name}`))}`);
    report(`member screens' JavaScript: ${kB(memberBytes)} gzipped (${member.join(', ')})`);
    report(`lazy chunks (admin screens): ${lazy.join('; ')}`);
    expect(member.length).toBeGreaterThan(0);
    expect(memberBytes).toBeLessThan(200 * 1024);
  });

  it('a member previews a daily series (one date refused, with its detail), books it, then cancels it from My bookings', async () => {
    const start = dayFromToday(3);
    const [member, rival] = await Promise.all([
      registerUser(t, { name: 'Series Member' }),
      registerUser(t, { name: 'Rival Member' }),
    ]);
    // The second date's 10:00 in P01 is someone else's: the preview refuses it.
    const blocker = await book(t, rival, {
      room_type: 'PRIVATE',
      room_number: 'P01',
      date: addDaysTo(start, 1),
      time_slot: '10:00:00',
    });
    expect(blocker.status).toBe(201);

    const page = await openPage(browser);
    await logIn(page, t.url, member);
    const rendered = await showDay(page, start);
    report(
      `day grid for ${start}: ${rendered.toFixed(0)} ms from request to render in the browser`,
    );

    await page.getByRole('button', { name: 'P01 at 10:00: free, book' }).click();
    const dialog = page.getByRole('dialog', { name: 'Book P01' });
    await dialog.getByLabel('Repeat (book a series)').check();
    await dialog.getByLabel('Repeats').selectOption('DAILY');
    await dialog.getByLabel('Number of dates (up to 100)').fill('3');
    await expectAccessible(page, 'booking dialog with series inputs', 'dialog');

    const previewed = page.waitForResponse(
      (res) => res.request().method() === 'POST' && res.url().includes('/api/v1/bookings/series'),
    );
    await dialog.getByRole('button', { name: 'Preview series' }).click();
    const previewAnswer = await previewed;
    expect(previewAnswer.status()).toBe(200);
    const preview = (await previewAnswer.json()) as {
      booked: { date: string }[];
      skipped: { date: string; code: string; detail: string }[];
    };
    // The rule as the API normalised it: what the form sent.
    expect(preview).toMatchObject({
      room_type: 'PRIVATE',
      start_date: start,
      time_slot: '10:00:00',
      end_time: '11:00:00',
      recurrence: { frequency: 'DAILY', interval: 1, count: 3 },
      series_id: null,
    });
    expect(preview.booked.map((b) => b.date)).toEqual([start, addDaysTo(start, 2)]);
    expect(preview.skipped).toHaveLength(1);
    await dialog.getByRole('heading', { name: 'Preview: 2 to book, 1 refused' }).waitFor();
    const wouldBook = dialog.getByRole('list', { name: 'Would be booked' });
    await expect(wouldBook.getByRole('listitem').allInnerTexts()).resolves.toEqual([
      `✓ ${start}, 10:00–11:00, P01`,
      `✓ ${addDaysTo(start, 2)}, 10:00–11:00, P01`,
    ]);
    await expect(
      dialog.getByRole('list', { name: 'Refused' }).getByRole('listitem').innerText(),
    ).resolves.toBe(`✕ ${addDaysTo(start, 1)}: ${preview.skipped[0].detail}`);
    // A dry run writes nothing.
    const series = async () =>
      (
        await t.db.query<{ series_id: string; date: string; status: string }>(
          `SELECT b.series_id, b.date::text AS date, b.status FROM bookings b
            WHERE b.created_by = $1 AND b.series_id IS NOT NULL ORDER BY b.date`,
          [member.id],
        )
      ).rows;
    await expect(series()).resolves.toEqual([]);
    await expectAccessible(page, 'series preview', 'dialog');
    await dialog.screenshot({ path: join(SCREENSHOTS, 'series-preview.png') });

    await dialog.getByRole('button', { name: 'Book 2 dates' }).click();
    const status = page
      .getByRole('status')
      .filter({ hasText: /^Booked series SR\w+: 2 dates, 1 refused/ });
    await status.waitFor();
    const booked = await series();
    expect(booked.map(({ date, status: s }) => [date, s])).toEqual([
      [start, 'ACTIVE'],
      [addDaysTo(start, 2), 'ACTIVE'],
    ]);
    const seriesId = booked[0].series_id;
    await expect(status.innerText()).resolves.toContain(seriesId);
    await page.locator('.cell.mine', { hasText: 'P01 at 10:00:' }).waitFor();

    await page.getByRole('link', { name: 'My bookings' }).click();
    const card = page.getByRole('listitem', { name: new RegExp(`^Series ${seriesId}`) });
    await expect(card.innerText()).resolves.toContain(
      `2 active dates: ${start}, ${addDaysTo(start, 2)}`,
    );
    await expectAccessible(page, 'my bookings with a series');
    await card.getByRole('button', { name: `Cancel the series ${seriesId}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Series cancelled: 2 occurrences (${seriesId}).` })
      .waitFor();
    await page.getByRole('heading', { name: 'My series (0)' }).waitFor();
    expect((await series()).map((row) => row.status)).toEqual(['CANCELLED', 'CANCELLED']);
    await page.context().close();
  }, 180000);

  it('my waitlist: entries with their place in line, leaving one, another promoted when its slot frees; usable at 375 px', async () => {
    const day = dayFromToday(4);
    const [member, holder] = await Promise.all([
      registerUser(t, { name: 'Waiting Member' }),
      registerUser(t, { name: 'Holder Member' }),
    ]);
    const held: Record<string, string> = {};
    for (const [room, slot] of [
      ['P02', '15:00:00'],
      ['P03', '16:00:00'],
    ]) {
      const res = await book(t, holder, {
        room_type: 'PRIVATE',
        room_number: room,
        date: day,
        time_slot: slot,
      });
      expect(res.status).toBe(201);
      held[room] = res.body.booking_id as string;
      await request(t.url)
        .post('/api/v1/waitlist/')
        .set(bearer(member.access))
        .send({ room_type: 'PRIVATE', room_number: room, date: day, time_slot: slot })
        .expect(201);
    }

    const page = await openPage(browser, 375, 800);
    await logIn(page, t.url, member);
    // The grid at phone width: it scrolls inside its own region, the page does not.
    await showDay(page, day);
    await expect(pageOverflow(page)).resolves.toBeLessThanOrEqual(0);
    // The series inputs fit a phone too.
    await page.getByRole('button', { name: 'P01 at 09:00: free, book' }).click();
    const dialog = page.getByRole('dialog', { name: 'Book P01' });
    await dialog.getByLabel('Repeat (book a series)').check();
    await dialog.getByLabel('Number of dates (up to 100)').waitFor();
    await expect(pageOverflow(page)).resolves.toBeLessThanOrEqual(0);
    // Weekly on the start's weekday (ticked already) and the next one, until a last date.
    const codes = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
    const weekday = (date: string) => codes[new Date(`${date}T00:00:00Z`).getUTCDay()];
    const names = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    const nameOf = (date: string) => names[new Date(`${date}T00:00:00Z`).getUTCDay()];
    await expect(dialog.getByRole('checkbox', { name: nameOf(day) }).isChecked()).resolves.toBe(
      true,
    );
    await dialog.getByRole('checkbox', { name: nameOf(addDaysTo(day, 1)) }).check();
    await dialog.getByLabel('On a date').check();
    await dialog.getByLabel('Last date').fill(addDaysTo(day, 13));
    const previewed = page.waitForResponse((res) => res.url().includes('/bookings/series'));
    await dialog.getByRole('button', { name: 'Preview series' }).click();
    const answer = await previewed;
    expect(answer.status()).toBe(200);
    const weekly = (await answer.json()) as {
      recurrence: { frequency: string; weekdays: string[]; until: string };
      booked: { date: string }[];
    };
    expect(weekly.recurrence).toMatchObject({ frequency: 'WEEKLY', until: addDaysTo(day, 13) });
    expect([...weekly.recurrence.weekdays].sort()).toEqual(
      [weekday(day), weekday(addDaysTo(day, 1))].sort(),
    );
    expect(weekly.booked.map((b) => b.date)).toEqual(
      [0, 1, 7, 8].map((days) => addDaysTo(day, days)),
    );
    await dialog.getByRole('button', { name: 'Book 4 dates' }).waitFor();
    await expect(pageOverflow(page)).resolves.toBeLessThanOrEqual(0);
    await dialog.getByRole('button', { name: 'Close' }).click();
    const { rows: none } = await t.db.query(
      `SELECT 1 FROM bookings WHERE created_by = $1 AND series_id IS NOT NULL`,
      [member.id],
    );
    expect(none).toEqual([]);

    await page.getByRole('link', { name: 'My bookings' }).click();
    const p02 = page.getByRole('listitem', { name: `Waitlist: P02 · ${day}, 15:00–16:00` });
    const p03 = page.getByRole('listitem', { name: `Waitlist: P03 · ${day}, 16:00–17:00` });
    await expect(p02.innerText()).resolves.toMatch(/Waiting · position 1/);
    await expect(p03.innerText()).resolves.toMatch(/Waiting · position 1/);
    await page.getByRole('heading', { name: 'My waitlist (2)' }).waitFor();
    await expectAccessible(page, 'my bookings with the waitlist');
    await expect(pageOverflow(page)).resolves.toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'my-bookings-375.png'), fullPage: true });

    await p03.getByRole('button', { name: `Leave the waitlist for P03 on ${day}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Left the waitlist for P03 on ${day}.` })
      .waitFor();
    await p03.getByText('Left', { exact: true }).waitFor();
    await expect(p03.getByRole('button').count()).resolves.toBe(0);

    // The holder cancels P02: the member's entry is booked in that same transaction.
    await cancel(t, holder, held.P02).expect(200);
    const { rows } = await t.db.query<{
      room_number: string;
      status: string;
      booking_id: string | null;
    }>(
      `SELECT room_number, status, booking_id FROM waitlist_entries
        WHERE created_by = $1 ORDER BY room_number`,
      [member.id],
    );
    expect(rows.map((row) => [row.room_number, row.status])).toEqual([
      ['P02', 'PROMOTED'],
      ['P03', 'CANCELLED'],
    ]);
    await page.reload();
    await p02.filter({ hasText: `Promoted: booked as ${rows[0].booking_id}` }).waitFor();
    // The booking it got is in the active list, the member's to cancel.
    await page
      .getByRole('listitem', { name: `P02 · ${day}, 15:00–16:00`, exact: true })
      .getByRole('button', { name: `Cancel booking ${rows[0].booking_id}` })
      .waitFor();
    await expectAccessible(page, 'my bookings with a promoted entry');
    await page.context().close();
  }, 180000);
});

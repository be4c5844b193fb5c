import request from 'supertest';
import { HoursFreedHooks, ReleaseSweep, SlotTaken } from '@app/bookings';
import type { Clock } from '@app/core';
import { WaitlistExpirySweep } from '@app/waitlist';
import { book, cancel, dateSequence, tolerateTeardownTermination } from './support/booking-helpers';
import { aMember, bearer, createAdmin, registerUser, RegisteredUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface AuditJson {
  id: number;
  at: string;
  actor_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  data: Record<string, unknown>;
}

/** A clock the spec moves (check-in windows, no-show release, waitlist expiry). */
function movableClock(iso: string): Clock & { set(iso: string): void } {
  let current = new Date(iso).getTime();
  return {
    now: () => new Date(current),
    set: (next: string) => {
      current = new Date(next).getTime();
    },
  };
}

const TODAY = '2030-01-15';
const STRONG = 'Corr3ct-horse-battery';

describe('audit log', () => {
  const clock = movableClock(`${TODAY}T08:00:00Z`);
  let t: TestApp;
  let admin: RegisteredUser;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  const nextDate = dateSequence();
  /** The cancel whose freed hours reach this date fails after its audit insert. */
  let failFreeingOn: string | null = null;

  beforeAll(async () => {
    t = tolerateTeardownTermination(await startTestApp({ clock }));
    admin = await createAdmin(t);
    alice = await registerUser(t);
    bob = await registerUser(t);
    t.app.get(HoursFreedHooks).register((_tx, freed) => {
      if (freed.some((f) => f.date === failFreeingOn)) throw new SlotTaken();
      return Promise.resolve();
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const audit = (query: Record<string, string | number>, who: RegisteredUser = admin) =>
    request(t.url).get('/api/v1/audit/').query(query).set(bearer(who.access));
  const entriesOf = async (entity: string, entityId: string | number): Promise<AuditJson[]> =>
    (await audit({ entity, entity_id: String(entityId), limit: 200 }).expect(200)).body.results;
  const actionsOf = async (entity: string, entityId: string | number) =>
    (await entriesOf(entity, entityId)).map((e) => [e.action, e.actor_id]);
  const as = (who: RegisteredUser) => bearer(who.access);

  describe('a row per state change, with its actor, newest first', () => {
    it('booking created, rescheduled, cancelled', async () => {
      const date = nextDate();
      const made = await book(t, alice, {
        room_type: 'PRIVATE',
        date,
        time_slot: '10:00:00',
        room_number: 'P01',
      }).expect(201);
      const id = made.body.booking_id as string;
      const [created] = await entriesOf('booking', id);
      expect(created).toEqual({
        id: expect.any(Number),
        at: expect.any(String),
        actor_id: alice.id,
        action: 'booking.created',
        entity: 'booking',
        entity_id: id,
        data: {
          room_type: 'PRIVATE',
          room_number: 'P01',
          date,
          start_hour: 10,
          end_hour: 11,
          member_ids: [alice.id],
          team_id: null,
        },
      });
      const moved = await request(t.url)
        .post(`/api/v1/bookings/${id}/reschedule/`)
        .set(as(alice))
        .send({ time_slot: '14:00:00' })
        .expect(200);
      const [rescheduled] = await entriesOf('booking', id);
      expect(rescheduled).toMatchObject({
        action: 'booking.rescheduled',
        actor_id: alice.id,
        data: {
          new_booking_id: moved.body.booking_id,
          before: { room_number: 'P01', date, start_hour: 10, end_hour: 11 },
          after: { date, start_hour: 14, end_hour: 15 },
        },
      });
      await cancel(t, admin, moved.body.booking_id).expect(200);
      expect(await actionsOf('booking', moved.body.booking_id)).toEqual([
        ['booking.cancelled', admin.id],
      ]);
    });

    it('left: the participant who leaves is the actor', async () => {
      const made = await book(t, alice, {
        room_type: 'SHARED_DESK',
        date: nextDate(),
        time_slot: '10:00:00',
        user_ids: [alice.id, bob.id],
      }).expect(201);
      const id = made.body.booking_id as string;
      await request(t.url).post(`/api/v1/bookings/${id}/leave/`).set(as(bob)).expect(200);
      const [left] = await entriesOf('booking', id);
      expect(left).toMatchObject({
        action: 'booking.left',
        actor_id: bob.id,
        data: { member_id: bob.id, booking_cancelled: false },
      });
    });

    it('series created (one row naming its occurrences) and cancelled', async () => {
      const start = nextDate();
      nextDate();
      nextDate();
      const made = await request(t.url)
        .post('/api/v1/bookings/series/')
        .set(as(alice))
        .send({
          room_type: 'PRIVATE',
          start_date: start,
          time_slot: '09:00:00',
          recurrence: { frequency: 'DAILY', count: 3 },
        })
        .expect(201);
      const seriesId = made.body.series_id as string;
      const bookingIds = made.body.booked.map((b: { booking_id: string }) => b.booking_id);
      const [created] = await entriesOf('booking', seriesId);
      expect(created).toMatchObject({
        action: 'series.created',
        actor_id: alice.id,
        data: { booking_ids: bookingIds, start_hour: 9, end_hour: 10 },
      });
      await request(t.url).post(`/api/v1/series/${seriesId}/cancel/`).set(as(alice)).expect(200);
      const [cancelled] = await entriesOf('booking', seriesId);
      expect(cancelled).toMatchObject({
        action: 'series.cancelled',
        actor_id: alice.id,
        data: { booking_ids: bookingIds },
      });
    });

    it('waitlist entry created and cancelled; promoted on a cancel, by the entry creator', async () => {
      const date = nextDate();
      const slot = { room_type: 'PRIVATE', date, time_slot: '11:00:00', room_number: 'P02' };
      const taken = await book(t, alice, slot).expect(201);
      const entry = await request(t.url).post('/api/v1/waitlist/').set(as(bob)).send(slot);
      expect(entry.status).toBe(201);
      expect(await actionsOf('booking', entry.body.id)).toEqual([['waitlist.created', bob.id]]);

      await cancel(t, alice, taken.body.booking_id).expect(200);
      const promotedId = (
        await t.db.query(`SELECT booking_id FROM waitlist_entries WHERE id = $1`, [entry.body.id])
      ).rows[0].booking_id as string;
      const [promoted] = await entriesOf('booking', promotedId);
      expect(promoted).toMatchObject({
        action: 'booking.promoted',
        actor_id: bob.id,
        data: { waitlist_entry_id: entry.body.id, room_number: 'P02', date, start_hour: 11 },
      });
      expect(await actionsOf('booking', taken.body.booking_id)).toEqual([
        ['booking.cancelled', alice.id],
        ['booking.created', alice.id],
      ]);

      // Taken, so bob may wait for it.
      await book(t, alice, { ...slot, time_slot: '15:00:00' }).expect(201);
      const waiting = await request(t.url)
        .post('/api/v1/waitlist/')
        .set(as(bob))
        .send({ ...slot, time_slot: '15:00:00' })
        .expect(201);
      await request(t.url).delete(`/api/v1/waitlist/${waiting.body.id}/`).set(as(bob)).expect(204);
      expect(await actionsOf('booking', waiting.body.id)).toEqual([
        ['waitlist.cancelled', bob.id],
        ['waitlist.created', bob.id],
      ]);
    });

    it('members: created, updated, role changed, deactivated, deleted; password set and changed', async () => {
      const profile = await request(t.url)
        .post('/api/v1/users/')
        .set(as(admin))
        .send({ name: 'Walk In', age: 40, gender: 'F' })
        .expect(201);
      await request(t.url)
        .patch(`/api/v1/users/${profile.body.id}/`)
        .set(as(admin))
        .send({ name: 'Walk Out' })
        .expect(200);
      await request(t.url).delete(`/api/v1/users/${profile.body.id}/`).set(as(admin)).expect(204);
      const profileRows = await entriesOf('member', profile.body.id);
      expect(profileRows.map((e) => [e.action, e.actor_id])).toEqual([
        ['member.deleted', admin.id],
        ['member.updated', admin.id],
        ['member.created', admin.id],
      ]);
      expect(profileRows[1].data).toEqual({
        before: { name: 'Walk In', age: 40, gender: 'F' },
        after: { name: 'Walk Out', age: 40, gender: 'F' },
      });

      const username = `carol_${Date.now()}`;
      const withLogin = await request(t.url)
        .post('/api/v1/users/')
        .set(as(admin))
        .send({ name: 'Carol', age: 35, gender: 'F', username, email: `${username}@example.com` })
        .expect(201);
      const carolId = withLogin.body.id as number;
      const token = new URL(withLogin.body.set_password_url as string).searchParams.get('token');
      await request(t.url)
        .post('/api/v1/password/set/')
        .send({ token, password: STRONG })
        .expect(200);
      const login = await request(t.url)
        .post('/api/token/')
        .send({ username, password: STRONG })
        .expect(200);
      await request(t.url)
        .post('/api/v1/password/change/')
        .set(bearer(login.body.access))
        .send({ current_password: STRONG, new_password: `${STRONG}-2` })
        .expect((res) => expect([200, 204]).toContain(res.status));
      await request(t.url)
        .patch(`/api/v1/users/${carolId}/`)
        .set(as(admin))
        .send({ role: 'admin' })
        .expect(200);
      await request(t.url)
        .patch(`/api/v1/users/${carolId}/`)
        .set(as(admin))
        .send({ is_active: false })
        .expect(200);
      const carolRows = await entriesOf('member', carolId);
      expect(carolRows.map((e) => [e.action, e.actor_id])).toEqual([
        ['member.deactivated', admin.id],
        ['member.role_changed', admin.id],
        ['member.password_changed', carolId],
        ['member.password_set', carolId],
        ['member.created', admin.id],
      ]);
      expect(carolRows[1].data).toMatchObject({
        before: { role: 'user', is_active: true },
        after: { role: 'admin', is_active: true },
      });
      // Never a secret: no password, hash or token anywhere in what was written.
      const written = JSON.stringify(carolRows);
      for (const secret of [STRONG, token as string, 'argon2', 'password_hash']) {
        expect(written).not.toContain(secret);
      }
      expect(await actionsOf('member', alice.id)).toEqual([['member.registered', alice.id]]);
    });

    it('teams: created, updated (before and after), deleted', async () => {
      const dave = await aMember(t, { age: 25 });
      const made = await request(t.url)
        .post('/api/v1/teams/')
        .set(as(admin))
        .send({ name: `Audit ${Date.now()}`, member_ids: [alice.id, bob.id] })
        .expect(201);
      await request(t.url)
        .patch(`/api/v1/teams/${made.body.id}/`)
        .set(as(admin))
        .send({ member_ids: [alice.id, dave] })
        .expect(200);
      await request(t.url).delete(`/api/v1/teams/${made.body.id}/`).set(as(admin)).expect(204);
      const rows = await entriesOf('team', made.body.id);
      expect(rows.map((e) => [e.action, e.actor_id])).toEqual([
        ['team.deleted', admin.id],
        ['team.updated', admin.id],
        ['team.created', admin.id],
      ]);
      expect(rows[1].data).toMatchObject({
        before: { member_ids: [alice.id, bob.id].sort((a, b) => a - b) },
        after: { member_ids: [alice.id, dave].sort((a, b) => a - b) },
      });
    });

    it('webhooks: created, updated (before and after), deleted; never the secret', async () => {
      const made = await request(t.url)
        .post('/api/v1/webhooks/')
        .set(as(admin))
        .send({ url: 'http://127.0.0.1:9/audit-hook', events: ['booking.created'] })
        .expect(201);
      const { id, secret } = made.body as { id: number; secret: string };
      await request(t.url)
        .patch(`/api/v1/webhooks/${id}/`)
        .set(as(admin))
        .send({ events: ['*'], is_active: false })
        .expect(200);
      // An unknown endpoint changes nothing and writes nothing.
      await request(t.url).patch('/api/v1/webhooks/999999/').set(as(admin)).send({}).expect(404);
      await request(t.url).delete(`/api/v1/webhooks/${id}/`).set(as(admin)).expect(204);
      const rows = await entriesOf('webhook', id);
      expect(rows.map((e) => [e.action, e.actor_id, e.entity])).toEqual([
        ['webhook.deleted', admin.id, 'webhook'],
        ['webhook.updated', admin.id, 'webhook'],
        ['webhook.created', admin.id, 'webhook'],
      ]);
      const created = { url: 'http://127.0.0.1:9/audit-hook', events: ['booking.created'] };
      expect(rows[2].data).toEqual({ ...created, description: null, is_active: true });
      expect(rows[1].data).toEqual({
        before: { ...created, description: null, is_active: true },
        after: { ...created, events: ['*'], description: null, is_active: false },
      });
      expect(rows[0].data).toMatchObject({ url: created.url, is_active: false });
      expect(JSON.stringify(rows)).not.toContain(secret);
      expect((await entriesOf('webhook', 999999)).length).toBe(0);
      const raw = await t.db.query(
        `SELECT 1 FROM audit_log WHERE data::text LIKE '%' || $1 || '%'`,
        [secret.slice('whsec_'.length)],
      );
      expect(raw.rows).toEqual([]);
    });

    it('a webhook change whose audit row fails is rolled back with it', async () => {
      await t.db
        .query(`CREATE FUNCTION refuse_webhook_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.entity = 'webhook' THEN RAISE EXCEPTION 'audit refused'; END IF;
          RETURN NEW;
        END $$`);
      await t.db.query(`CREATE TRIGGER refuse_webhook_audit BEFORE INSERT ON audit_log
        FOR EACH ROW EXECUTE FUNCTION refuse_webhook_audit()`);
      try {
        await request(t.url)
          .post('/api/v1/webhooks/')
          .set(as(admin))
          .send({ url: 'http://127.0.0.1:9/never-saved', events: ['*'] })
          .expect(500);
      } finally {
        await t.db.query(`DROP TRIGGER refuse_webhook_audit ON audit_log`);
        await t.db.query(`DROP FUNCTION refuse_webhook_audit()`);
      }
      const saved = await t.db.query(
        `SELECT id FROM webhook_endpoints WHERE url = 'http://127.0.0.1:9/never-saved'`,
      );
      expect(saved.rows).toEqual([]);
    });

    it('rooms: created, updated, deactivated; closures created and lifted', async () => {
      const room = await request(t.url)
        .post('/api/v1/rooms/')
        .set(as(admin))
        .send({ room_number: 'S31', room_type: 'SHARED_DESK', capacity: 4 })
        .expect(201);
      await request(t.url)
        .patch(`/api/v1/rooms/${room.body.id}/`)
        .set(as(admin))
        .send({ capacity: 6 })
        .expect(200);
      const date = nextDate();
      const closure = await request(t.url)
        .post(`/api/v1/rooms/${room.body.id}/closures/`)
        .set(as(admin))
        .send({ start_date: date, end_date: date, reason: 'Painting' })
        .expect(201);
      await request(t.url)
        .delete(`/api/v1/rooms/${room.body.id}/closures/${closure.body.id}/`)
        .set(as(admin))
        .expect(204);
      await request(t.url)
        .patch(`/api/v1/rooms/${room.body.id}/`)
        .set(as(admin))
        .send({ is_active: false })
        .expect(200);
      const rows = await entriesOf('room', room.body.id);
      expect(rows.map((e) => [e.action, e.actor_id])).toEqual([
        ['room.deactivated', admin.id],
        ['closure.lifted', admin.id],
        ['closure.created', admin.id],
        ['room.updated', admin.id],
        ['room.created', admin.id],
      ]);
      expect(rows[3].data).toEqual({
        before: { room_number: 'S31', room_type: 'SHARED_DESK', capacity: 4, is_active: true },
        after: { room_number: 'S31', room_type: 'SHARED_DESK', capacity: 6, is_active: true },
      });
      expect(rows[2].data).toMatchObject({ closure_id: closure.body.id, reason: 'Painting' });
    });

    it('policies replaced: before and after, by the admin', async () => {
      await request(t.url)
        .put('/api/v1/policies/')
        .set(as(admin))
        .send({ max_hours_per_day: 6 })
        .expect(200);
      await request(t.url).put('/api/v1/policies/').set(as(admin)).send({}).expect(200);
      const [cleared, set] = (await audit({ entity: 'policy', limit: 2 }).expect(200)).body
        .results as AuditJson[];
      expect([cleared.action, cleared.actor_id, set.action, set.actor_id]).toEqual([
        'policy.updated',
        admin.id,
        'policy.updated',
        admin.id,
      ]);
      expect(set.data).toMatchObject({
        before: { all: { max_hours_per_day: null } },
        after: { all: { max_hours_per_day: 6 } },
      });
      expect(cleared.data).toMatchObject({ after: { all: { max_hours_per_day: null } } });
    });

    it('a closure that cancels bookings: a row for it and one per cancelled booking', async () => {
      const date = nextDate();
      const made = await book(t, alice, {
        room_type: 'PRIVATE',
        date,
        time_slot: '12:00:00',
        room_number: 'P03',
      }).expect(201);
      const closure = await request(t.url)
        .post('/api/v1/closures/')
        .set(as(admin))
        .send({ start_date: date, end_date: date, reason: 'Holiday', cancel_conflicting: true })
        .expect(201);
      expect((await actionsOf('booking', made.body.booking_id))[0]).toEqual([
        'booking.cancelled',
        admin.id,
      ]);
      const workspaceWide = (
        await audit({ entity: 'room', actor_id: admin.id }).expect(200)
      ).body.results.find(
        (e: AuditJson) => e.action === 'closure.created' && e.data.closure_id === closure.body.id,
      );
      expect(workspaceWide).toMatchObject({
        entity_id: null,
        data: { cancelled_booking_ids: [made.body.booking_id] },
      });
    });

    it('failed logins: entity auth, no actor, no password', async () => {
      await request(t.url)
        .post('/api/token/')
        .send({ username: alice.username, password: 'wrong-Password-1' })
        .expect(401);
      await request(t.url)
        .post('/api/token/')
        .send({ username: 'nobody_here', password: 'wrong-Password-2' })
        .expect(401);
      const [unknown, wrong] = (await audit({ entity: 'auth', limit: 2 }).expect(200)).body.results;
      expect(wrong).toMatchObject({
        action: 'auth.login_failed',
        actor_id: null,
        entity_id: String(alice.id),
        data: { username: alice.username, reason: 'wrong_password' },
      });
      expect(unknown).toMatchObject({
        entity_id: null,
        data: { username: 'nobody_here', reason: 'unknown_or_inactive_account' },
      });
      expect(JSON.stringify([unknown, wrong])).not.toMatch(/wrong-Password/);
    });

    it('checked in by the member; released and expired by the system (no actor)', async () => {
      clock.set(`${TODAY}T08:00:00Z`);
      const checked = await book(t, alice, {
        room_type: 'PRIVATE',
        date: TODAY,
        time_slot: '09:00:00',
        room_number: 'P04',
      }).expect(201);
      const noShow = await book(t, bob, {
        room_type: 'PRIVATE',
        date: TODAY,
        time_slot: '09:00:00',
        room_number: 'P05',
      }).expect(201);
      const slot = { room_type: 'PRIVATE', date: TODAY, time_slot: '10:00:00', room_number: 'P04' };
      await book(t, alice, slot).expect(201);
      const entry = await request(t.url).post('/api/v1/waitlist/').set(as(bob)).send(slot);
      expect(entry.status).toBe(201);

      clock.set(`${TODAY}T08:50:00Z`);
      await request(t.url)
        .post(`/api/v1/bookings/${checked.body.booking_id}/check-in/`)
        .set(as(alice))
        .expect(200);
      expect((await actionsOf('booking', checked.body.booking_id))[0]).toEqual([
        'booking.checked_in',
        alice.id,
      ]);

      clock.set(`${TODAY}T10:20:00Z`);
      await t.app.get(ReleaseSweep).runOnce();
      expect((await actionsOf('booking', noShow.body.booking_id))[0]).toEqual([
        'booking.released',
        null,
      ]);
      await t.app.get(WaitlistExpirySweep).sweep();
      expect((await actionsOf('booking', entry.body.id))[0]).toEqual(['waitlist.expired', null]);
    });
  });

  describe('written in the transaction of the change', () => {
    it('a refused booking (409) leaves no row', async () => {
      const date = nextDate();
      const slot = { room_type: 'PRIVATE', date, time_slot: '16:00:00', room_number: 'P01' };
      await book(t, alice, slot).expect(201);
      await book(t, bob, slot).expect(409);
      const { rows } = await t.db.query(
        `SELECT actor_id FROM audit_log WHERE action = 'booking.created' AND data->>'date' = $1`,
        [date],
      );
      expect(rows).toEqual([{ actor_id: alice.id }]);
    });

    it('a cancel that fails after its audit insert rolls the row back with the cancel', async () => {
      const date = nextDate();
      const made = await book(t, alice, {
        room_type: 'PRIVATE',
        date,
        time_slot: '13:00:00',
        room_number: 'P01',
      }).expect(201);
      failFreeingOn = date;
      try {
        await cancel(t, alice, made.body.booking_id).expect(409);
      } finally {
        failFreeingOn = null;
      }
      expect(await actionsOf('booking', made.body.booking_id)).toEqual([
        ['booking.created', alice.id],
      ]);
      const { rows } = await t.db.query(`SELECT status FROM bookings WHERE booking_id = $1`, [
        made.body.booking_id,
      ]);
      expect(rows).toEqual([{ status: 'ACTIVE' }]);
    });
  });

  describe('append only, in the database', () => {
    it.each([
      [`UPDATE audit_log SET action = 'booking.cancelled'`],
      [`UPDATE audit_log SET data = '{}' WHERE false`],
      [`DELETE FROM audit_log`],
      [`TRUNCATE audit_log`],
    ])('%s is refused by the trigger', async (sql) => {
      const before = (await t.db.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n;
      await expect(t.db.query(sql)).rejects.toThrow(/audit_log is append-only/);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n).toBe(before);
    });

    it('no route changes or deletes an entry', async () => {
      for (const method of ['post', 'patch', 'put', 'delete'] as const) {
        const res = await request(t.url)[method]('/api/v1/audit/').set(as(admin)).send({});
        expect([404, 405]).toContain(res.status);
      }
      const res = await request(t.url).delete('/api/v1/audit/1/').set(as(admin));
      expect([404, 405]).toContain(res.status);
    });
  });

  describe('GET /api/v1/audit/', () => {
    beforeAll(async () => {
      // More rows than a page, several sharing one `at` (one transaction's batch).
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          request(t.url)
            .post('/api/token/')
            .send({ username: `ghost_${i}`, password: 'nope-Nope-1' }),
        ),
      );
      await t.db.query(`INSERT INTO audit_log (actor_id, action, entity, entity_id, data, at)
        SELECT NULL, 'auth.login_failed', 'auth', NULL, '{}', '2020-06-01T00:00:00Z'
        FROM generate_series(1, 9)`);
    });

    it('walks every row newest first by keyset cursor, no repeats, no gaps', async () => {
      const expected = (
        await t.db.query(`SELECT id::int FROM audit_log ORDER BY at DESC, id DESC`)
      ).rows.map((r) => r.id);
      expect(expected.length).toBeGreaterThan(30);
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: request.Response = await audit(cursor ? { limit: 7, cursor } : { limit: 7 });
        expect(Object.keys(res.body).sort()).toEqual(['next_cursor', 'results']);
        expect(res.body.results.length).toBeLessThanOrEqual(7);
        seen.push(...res.body.results.map((e: AuditJson) => e.id));
        cursor = res.body.next_cursor;
        pages += 1;
      } while (cursor !== null && pages < 100);
      expect(seen).toEqual(expected);
    });

    it('default limit 50', async () => {
      const res = await audit({}).expect(200);
      expect(res.body.results).toHaveLength(50);
      expect(res.body.next_cursor).toEqual(expect.any(String));
    });

    it('filters: entity, entity_id, actor_id, from and to (dates and timestamps)', async () => {
      const byAlice = (await audit({ actor_id: alice.id, limit: 200 }).expect(200)).body.results;
      expect(byAlice.length).toBeGreaterThan(5);
      expect(byAlice.every((e: AuditJson) => e.actor_id === alice.id)).toBe(true);

      const teams = (await audit({ entity: 'team' }).expect(200)).body.results;
      expect(teams.length).toBe(3);
      expect(teams.every((e: AuditJson) => e.entity === 'team')).toBe(true);

      const old = (await audit({ to: '2020-06-01' }).expect(200)).body.results;
      expect(old).toHaveLength(9);
      expect((await audit({ to: '2020-06-01T00:00:00Z' }).expect(200)).body.results).toEqual([]);
      expect(
        (await audit({ from: '2020-06-01T00:00:00Z', to: '2020-06-01T00:00:01+00:00' }).expect(200))
          .body.results,
      ).toHaveLength(9);
      const today = new Date().toISOString().slice(0, 10);
      const fromToday = (await audit({ from: today, limit: 200 }).expect(200)).body.results;
      expect(fromToday.every((e: AuditJson) => e.at >= `${today}T00:00:00`)).toBe(true);
      expect(fromToday.length).toBeGreaterThan(40);
    });

    it.each([
      [{ entity: 'bookings' }, 'entity'],
      [{ entity_id: 'x'.repeat(41) }, 'entity_id'],
      [{ entity_id: 'BK 1' }, 'entity_id'],
      [{ actor_id: 'me' }, 'actor_id'],
      [{ actor_id: '0' }, 'actor_id'],
      [{ from: '2030-02-30' }, 'from'],
      [{ from: 'yesterday' }, 'from'],
      [{ to: '2030-01-15T10:00:00' }, 'to'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '201' }, 'limit'],
      [{ limit: '1.5' }, 'limit'],
      [{ cursor: 'abc' }, 'cursor'],
    ])('%j is a 400 naming %s', async (query, field) => {
      const res = await audit(query).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('a tampered cursor, or one of another list, is a 400', async () => {
      const first = await audit({ limit: 2 }).expect(200);
      const cursor = first.body.next_cursor as string;
      const [body, signature] = cursor.split('.');
      const json = JSON.parse(Buffer.from(body, 'base64url').toString());
      json.a[1] = '1';
      const forged = `${Buffer.from(JSON.stringify(json)).toString('base64url')}.${signature}`;
      expect((await audit({ cursor: forged }).expect(400)).body.errors[0].field).toBe('cursor');
      const members = await request(t.url)
        .get('/api/v1/users/')
        .query({ page_size: 1 })
        .set(as(admin))
        .expect(200);
      await audit({ cursor: members.body.next_cursor as string }).expect(400);
    });

    it('admins only: 403 for a member, 401 without a token', async () => {
      expect((await audit({}, alice).expect(403)).body.code).toBe('FORBIDDEN');
      await request(t.url).get('/api/v1/audit/').expect(401);
    });
  });
});

import { NotificationListener, listenForNotifications } from '@app/database';
import { FaultEnvironment, startEnvironment } from './support/environment';
import { sleep } from './support/pg-server';

/**
 * The LISTEN connection that keeps every API process's account cache honest: it notices a
 * database restart (so the cache falls back to its short TTL), reconnects by itself, and hears
 * notifications again afterwards.
 */
describe('account-change notifications across a database restart', () => {
  let env: FaultEnvironment;
  let listener: NotificationListener | undefined;
  const heard: string[] = [];
  const states: boolean[] = [];

  beforeAll(async () => {
    env = await startEnvironment();
  });
  afterAll(async () => {
    await listener?.stop();
    await env?.close();
  });

  const until = async (what: string, condition: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  };

  it.each(['fast', 'crash'] as const)(
    'is lost and comes back after a %s stop, and hears the triggers again',
    async (stopMode) => {
      listener ??= listenForNotifications({
        url: env.databaseUrl,
        channel: 'account_changed',
        retryMs: 100,
        onNotification: (payload) => heard.push(payload),
        onListening: (listening) => states.push(listening),
      });
      await until('LISTEN', () => listener!.listening, 5000);
      const { rows } = await env.db.query<{ id: number }>(
        `INSERT INTO members (name, age, gender) VALUES ('Listener Check', 30, 'O') RETURNING id`,
      );
      const id = String(rows[0].id);

      await env.pg.stop(stopMode);
      await until('the loss to be noticed', () => !listener!.listening, 5000);
      await sleep(500);
      await env.pg.start();
      await until('LISTEN again', () => listener!.listening, 10000);

      // The soft delete's trigger reaches the listener after the restart.
      await env.db.query(`UPDATE members SET deleted_at = now() WHERE id = $1`, [rows[0].id]);
      await until('the notification', () => heard.includes(id), 2000);
      expect(heard).toContain(id);
      expect(states.slice(-2)).toEqual([false, true]);
    },
  );
});

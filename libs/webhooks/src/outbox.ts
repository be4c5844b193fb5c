import { EntityManager } from 'typeorm';
import type { Statement, StatementCall } from '@app/database';
import { WebhookEventType } from './webhook-events';

/**
 * The events, in order, and one delivery per event and active endpoint subscribed to its type
 * (or to "*"), in one statement. Fan-out here rather than in the dispatcher: the deliveries
 * commit or roll back with the change, and the dispatcher never has to find out which events
 * an endpoint has not seen yet (event ids do not commit in id order, so a per-endpoint
 * high-water mark could skip one). With no active endpoint subscribed to the type nothing is
 * written at all: the statement costs one index-less look at a handful of endpoint rows.
 */
const enqueueSql = (events: string) => `WITH event AS (
         INSERT INTO webhook_events (type, data)
         ${events}
         RETURNING id, type
       )
       INSERT INTO webhook_deliveries (event_id, endpoint_id)
       SELECT event.id, e.id FROM event
         JOIN webhook_endpoints e ON e.is_active AND e.events && ARRAY[event.type, '*']
       ORDER BY event.id, e.id`;

const SUBSCRIBED = `EXISTS (SELECT 1 FROM webhook_endpoints e
                       WHERE e.is_active AND e.events && ARRAY[$1::text, '*'])`;

/**
 * One event ($2 jsonb), the common case, apart: planned for an array, the statement's generic
 * plan expects ten events, so PostgreSQL re-planned it for every booking (0.13 ms, twice what
 * running it costs).
 */
const ENQUEUE_ONE: Statement = {
  name: 'webhooks_enqueue_one',
  text: enqueueSql(`SELECT $1, $2::jsonb WHERE ${SUBSCRIBED}`),
};

/** Several events ($2 jsonb[]), in order. */
const ENQUEUE_MANY: Statement = {
  name: 'webhooks_enqueue',
  text: enqueueSql(`SELECT $1, t.data FROM unnest($2::jsonb[]) WITH ORDINALITY AS t(data, n)
         WHERE ${SUBSCRIBED}
         ORDER BY t.n`),
};

/** JSON with the keys as the API writes them (snake_case), one per event. */
export type WebhookEventData = Record<string, unknown>;

/**
 * The transactional outbox: call it with the transaction that makes the change, so an event
 * exists exactly when the change committed. Sending is the dispatcher's job.
 */
export const Outbox = {
  /** The enqueue as a statement for a pipelined transaction (Transaction.run/runAndCommit). */
  call(type: WebhookEventType, data: WebhookEventData | WebhookEventData[]): StatementCall {
    const events = Array.isArray(data) ? data : [data];
    return events.length === 1
      ? { statement: ENQUEUE_ONE, values: [type, JSON.stringify(events[0])] }
      : { statement: ENQUEUE_MANY, values: [type, events.map((d) => JSON.stringify(d))] };
  },

  /** Writes the events with the transaction's manager (one round trip); none for an empty list. */
  async enqueue(
    manager: EntityManager,
    type: WebhookEventType,
    data: WebhookEventData | WebhookEventData[],
  ): Promise<void> {
    if (Array.isArray(data) && data.length === 0) return;
    const { statement, values } = Outbox.call(type, data);
    await manager.query(statement.text, values as unknown[]);
  },
};

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
const ENQUEUE_SQL = `WITH event AS (
         INSERT INTO webhook_events (type, data)
         SELECT $1, t.data FROM unnest($2::jsonb[]) WITH ORDINALITY AS t(data, n)
         WHERE EXISTS (SELECT 1 FROM webhook_endpoints e
                       WHERE e.is_active AND e.events && ARRAY[$1::text, '*'])
         ORDER BY t.n
         RETURNING id, type
       )
       INSERT INTO webhook_deliveries (event_id, endpoint_id)
       SELECT event.id, e.id FROM event
         JOIN webhook_endpoints e ON e.is_active AND e.events && ARRAY[event.type, '*']
       ORDER BY event.id, e.id`;

const ENQUEUE: Statement = { name: 'webhooks_enqueue', text: ENQUEUE_SQL };

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
    return { statement: ENQUEUE, values: [type, events.map((d) => JSON.stringify(d))] };
  },

  /** Writes the events with the transaction's manager (one round trip); none for an empty list. */
  async enqueue(
    manager: EntityManager,
    type: WebhookEventType,
    data: WebhookEventData | WebhookEventData[],
  ): Promise<void> {
    if (Array.isArray(data) && data.length === 0) return;
    const { values } = Outbox.call(type, data);
    await manager.query(ENQUEUE_SQL, values as unknown[]);
  },
};

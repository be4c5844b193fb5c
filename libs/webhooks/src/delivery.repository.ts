import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A delivery this process claimed, with what it needs to send it. */
export interface ClaimedDelivery {
  id: number;
  attempts: number;
  endpointId: number;
  eventId: number;
  type: string;
  data: unknown;
  createdAt: Date;
  url: string;
  secret: string;
  lockedUntil: Date;
}

/**
 * Claims up to $1 deliveries for $2 ms. Only the oldest undelivered delivery of each active
 * endpoint is a candidate (one index probe per endpoint), so an endpoint never gets event N+1
 * before N succeeded; it is due when its next attempt time has come and no live lease holds
 * it. FOR UPDATE SKIP LOCKED lets concurrent dispatchers pass each other's rows, and READ
 * COMMITTED re-checks a row that changed before its lock was granted, so a head another
 * dispatcher has just leased or delivered is left alone. The lease is whole milliseconds, so
 * the JavaScript Date handed back matches it exactly when the outcome is recorded.
 */
const CLAIM_SQL = `WITH heads AS (
         SELECT (SELECT d.id FROM webhook_deliveries d
                 WHERE d.endpoint_id = e.id AND d.delivered_at IS NULL
                 ORDER BY d.id LIMIT 1) AS id
         FROM webhook_endpoints e WHERE e.is_active
       ), due AS (
         SELECT d.id FROM webhook_deliveries d
         WHERE d.id IN (SELECT id FROM heads) AND d.delivered_at IS NULL
           AND d.next_attempt_at <= now()
           AND (d.locked_until IS NULL OR d.locked_until <= now())
         ORDER BY d.next_attempt_at, d.id LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_deliveries d
         SET locked_until = date_trunc('milliseconds', clock_timestamp() + $2 * interval '1 millisecond'),
             attempts = d.attempts + 1
       FROM due, webhook_events ev, webhook_endpoints e
       WHERE d.id = due.id AND ev.id = d.event_id AND e.id = d.endpoint_id
       RETURNING d.id, d.attempts, d.endpoint_id, d.event_id, ev.type, ev.data,
                 ev.created_at, e.url, e.secret, d.locked_until`;

/** Delivered: the attempt kept, the lease ended, the endpoint's failures forgotten. */
const DELIVERED_SQL = `WITH attempt AS (
         INSERT INTO webhook_attempts
           (delivery_id, endpoint_id, attempted_at, status_code, error, duration_ms, succeeded)
         VALUES ($1, $2, $3, $4, NULL, $5, true)
       ), delivery AS (
         UPDATE webhook_deliveries SET delivered_at = now(), locked_until = NULL
         WHERE id = $1 AND locked_until = $6
       )
       UPDATE webhook_endpoints SET failing_since = NULL
       WHERE id = $2 AND failing_since IS NOT NULL`;

/**
 * Failed: the attempt kept, the next one scheduled $7 ms on; the endpoint disabled once it has
 * failed without a success since $8 ms ago or longer.
 */
const FAILED_SQL = `WITH attempt AS (
         INSERT INTO webhook_attempts
           (delivery_id, endpoint_id, attempted_at, status_code, error, duration_ms, succeeded)
         VALUES ($1, $2, $3, $4, $5, $6, false)
       ), delivery AS (
         UPDATE webhook_deliveries
           SET next_attempt_at = now() + $7 * interval '1 millisecond', locked_until = NULL
         WHERE id = $1 AND locked_until = $9
       )
       UPDATE webhook_endpoints e SET
         failing_since = COALESCE(e.failing_since, now()),
         is_active = e.is_active AND COALESCE(e.failing_since, now()) > now() - $8 * interval '1 millisecond',
         disabled_at = CASE
           WHEN e.is_active AND COALESCE(e.failing_since, now()) <= now() - $8 * interval '1 millisecond'
           THEN now() ELSE e.disabled_at END
       WHERE e.id = $2
       RETURNING e.is_active`;

export interface AttemptOutcome {
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** The dispatcher's SQL: each call is one autocommitted statement, never held across a send. */
@Injectable()
export class DeliveryRepository {
  async claimDue(
    manager: EntityManager,
    limit: number,
    leaseMs: number,
  ): Promise<ClaimedDelivery[]> {
    const [rows] = await manager.query<
      [
        {
          id: string;
          attempts: number;
          endpoint_id: number;
          event_id: string;
          type: string;
          data: unknown;
          created_at: Date;
          url: string;
          secret: string;
          locked_until: Date;
        }[],
        number,
      ]
    >(CLAIM_SQL, [limit, leaseMs]);
    return rows.map((r) => ({
      id: Number(r.id),
      attempts: r.attempts,
      endpointId: r.endpoint_id,
      eventId: Number(r.event_id),
      type: r.type,
      data: r.data,
      createdAt: r.created_at,
      url: r.url,
      secret: r.secret,
      lockedUntil: r.locked_until,
    }));
  }

  async recordDelivered(
    manager: EntityManager,
    delivery: ClaimedDelivery,
    outcome: AttemptOutcome,
  ): Promise<void> {
    await manager.query(DELIVERED_SQL, [
      delivery.id,
      delivery.endpointId,
      outcome.attemptedAt,
      outcome.statusCode,
      outcome.durationMs,
      delivery.lockedUntil,
    ]);
  }

  /** Returns whether the endpoint is still active. */
  async recordFailed(
    manager: EntityManager,
    delivery: ClaimedDelivery,
    outcome: AttemptOutcome,
    retryInMs: number,
    disableAfterMs: number,
  ): Promise<boolean> {
    const [rows] = await manager.query<[{ is_active: boolean }[], number]>(FAILED_SQL, [
      delivery.id,
      delivery.endpointId,
      outcome.attemptedAt,
      outcome.statusCode,
      outcome.error,
      outcome.durationMs,
      retryInMs,
      disableAfterMs,
      delivery.lockedUntil,
    ]);
    return rows[0]?.is_active ?? false;
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A delivery this process claimed, with what it needs to send it. */
export interface ClaimedDelivery {
  id: number;
  /** Attempts made before this claim. */
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
 * Step 1 of a claim: up to $1 active endpoints whose oldest undelivered delivery is due (its
 * next attempt time has come, no live lease holds it), locked FOR UPDATE SKIP LOCKED until the
 * claim commits. The endpoint row is the claim's mutex: dispatchers pass each other's
 * endpoints instead of waiting, and two never claim deliveries of one endpoint at once.
 */
const LOCK_ENDPOINTS_SQL = `SELECT e.id FROM webhook_endpoints e
       CROSS JOIN LATERAL (
         SELECT d.next_attempt_at, d.locked_until FROM webhook_deliveries d
         WHERE d.endpoint_id = e.id AND d.delivered_at IS NULL ORDER BY d.id LIMIT 1
       ) head
       WHERE e.is_active AND head.next_attempt_at <= now()
         AND (head.locked_until IS NULL OR head.locked_until <= now())
       ORDER BY e.id LIMIT $1
       FOR UPDATE OF e SKIP LOCKED`;

/**
 * Step 2, a statement of its own so its snapshot is taken under the endpoint locks (a claim
 * that committed just before is seen): per locked endpoint ($1), its oldest $2 undelivered
 * deliveries, in id order, leased for $3 ms, when the oldest is still due and not leased.
 * A run is sent in order, one at a time, so an endpoint never gets event N+1 before N
 * succeeded. The lease ends at one instant for the whole run (from now(), the claim's
 * transaction time), in whole milliseconds, so the JavaScript Date handed back matches it
 * exactly when outcomes are recorded.
 */
const CLAIM_RUNS_SQL = `WITH head AS (
         SELECT ep.id AS endpoint_id FROM unnest($1::int[]) AS ep(id)
         CROSS JOIN LATERAL (
           SELECT d.next_attempt_at, d.locked_until FROM webhook_deliveries d
           WHERE d.endpoint_id = ep.id AND d.delivered_at IS NULL ORDER BY d.id LIMIT 1
         ) h
         WHERE h.next_attempt_at <= now() AND (h.locked_until IS NULL OR h.locked_until <= now())
       ), run AS (
         SELECT d.id FROM head
         CROSS JOIN LATERAL (
           SELECT d.id FROM webhook_deliveries d
           WHERE d.endpoint_id = head.endpoint_id AND d.delivered_at IS NULL
           ORDER BY d.id LIMIT $2
         ) d
       )
       UPDATE webhook_deliveries d
         SET locked_until = date_trunc('milliseconds', now() + $3 * interval '1 millisecond')
       FROM run, webhook_events ev, webhook_endpoints e
       WHERE d.id = run.id AND ev.id = d.event_id AND e.id = d.endpoint_id
       RETURNING d.id, d.attempts, d.endpoint_id, d.event_id, ev.type, ev.data,
                 ev.created_at, e.url, e.secret, d.locked_until`;

/** Ends the lease of deliveries a run did not get to (after a failure, or out of time). */
const RELEASE_SQL = `UPDATE webhook_deliveries SET locked_until = NULL
       WHERE id = ANY($1::bigint[]) AND locked_until = $2`;

/**
 * Delivered, any number of one endpoint's run at once: the attempts kept, the leases ($6)
 * ended, the endpoint's failures forgotten.
 */
const DELIVERED_SQL = `WITH done AS (
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::int[], $4::int[])
           AS t(id, attempted_at, status_code, duration_ms)
       ), attempt AS (
         INSERT INTO webhook_attempts
           (delivery_id, endpoint_id, attempted_at, status_code, error, duration_ms, succeeded)
         SELECT id, $5, attempted_at, status_code, NULL, duration_ms, true FROM done ORDER BY id
       ), delivery AS (
         UPDATE webhook_deliveries d
           SET delivered_at = now(), locked_until = NULL, attempts = d.attempts + 1
         FROM done WHERE d.id = done.id AND d.locked_until = $6
       )
       UPDATE webhook_endpoints SET failing_since = NULL
       WHERE id = $5 AND failing_since IS NOT NULL`;

/**
 * Failed: the attempt kept, the next one scheduled $7 ms on; the endpoint disabled once it has
 * failed without a success since $8 ms ago or longer, with its audit row (actor: the system)
 * in the same statement.
 */
const FAILED_SQL = `WITH attempt AS (
         INSERT INTO webhook_attempts
           (delivery_id, endpoint_id, attempted_at, status_code, error, duration_ms, succeeded)
         VALUES ($1, $2, $3, $4, $5, $6, false)
       ), delivery AS (
         UPDATE webhook_deliveries
           SET next_attempt_at = now() + $7 * interval '1 millisecond', locked_until = NULL,
               attempts = attempts + 1
         WHERE id = $1 AND locked_until = $9
       ), endpoint AS (
         UPDATE webhook_endpoints e SET
           failing_since = COALESCE(e.failing_since, now()),
           is_active = e.is_active AND COALESCE(e.failing_since, now()) > now() - $8 * interval '1 millisecond',
           disabled_at = CASE
             WHEN e.is_active AND COALESCE(e.failing_since, now()) <= now() - $8 * interval '1 millisecond'
             THEN now() ELSE e.disabled_at END
         WHERE e.id = $2
         RETURNING e.id, e.is_active, e.failing_since, NOT e.is_active AND e.disabled_at = now() AS disabled_now
       ), audit AS (
         INSERT INTO audit_log (actor_id, action, entity, entity_id, data)
         SELECT NULL, 'webhook.disabled', 'webhook', id::text,
                jsonb_build_object('failing_since', failing_since, 'reason', 'no successful delivery for 3 days')
         FROM endpoint WHERE disabled_now
       )
       SELECT is_active FROM endpoint`;

export interface Delivered {
  delivery: ClaimedDelivery;
  outcome: AttemptOutcome;
}

export interface AttemptOutcome {
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

type ClaimRow = {
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
};

/** The dispatcher's SQL: short transactions and single statements, never held across a send. */
@Injectable()
export class DeliveryRepository {
  /**
   * Claims runs of up to `runLength` deliveries of up to `endpoints` endpoints, grouped per
   * endpoint in id order. Two statements (the endpoint locks, then the leases): give it a
   * transaction's manager, so the locks hold until the leases are written.
   */
  async claimRuns(
    manager: EntityManager,
    endpoints: number,
    runLength: number,
    leaseMs: number,
  ): Promise<ClaimedDelivery[][]> {
    const locked: { id: number }[] = await manager.query(LOCK_ENDPOINTS_SQL, [endpoints]);
    if (locked.length === 0) return [];
    const [rows] = await manager.query<[ClaimRow[], number]>(CLAIM_RUNS_SQL, [
      locked.map((e) => e.id),
      runLength,
      leaseMs,
    ]);
    const runs = new Map<number, ClaimedDelivery[]>();
    for (const r of rows) {
      const run = runs.get(r.endpoint_id) ?? [];
      run.push({
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
      });
      runs.set(r.endpoint_id, run);
    }
    return [...runs.values()].map((run) => run.sort((a, b) => a.id - b.id));
  }

  async release(manager: EntityManager, deliveries: ClaimedDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await manager.query(RELEASE_SQL, [deliveries.map((d) => d.id), deliveries[0].lockedUntil]);
  }

  async recordDelivered(manager: EntityManager, delivered: Delivered[]): Promise<void> {
    if (delivered.length === 0) return;
    const first = delivered[0].delivery;
    await manager.query(DELIVERED_SQL, [
      delivered.map((d) => d.delivery.id),
      delivered.map((d) => d.outcome.attemptedAt),
      delivered.map((d) => d.outcome.statusCode),
      delivered.map((d) => d.outcome.durationMs),
      first.endpointId,
      first.lockedUntil,
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
    const rows = await manager.query<{ is_active: boolean }[]>(FAILED_SQL, [
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

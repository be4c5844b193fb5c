import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ListCount } from '@app/core';
import { countUpTo } from '@app/database';

export interface WebhookEndpointRecord {
  id: number;
  url: string;
  events: string[];
  description: string | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
  failingSince: Date | null;
  disabledAt: Date | null;
}

export interface WebhookAttemptRecord {
  id: number;
  deliveryId: number;
  eventId: number;
  eventType: string;
  attempt: number;
  attemptedAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  succeeded: boolean;
}

type EndpointRow = {
  id: number;
  url: string;
  events: string[];
  description: string | null;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
  failing_since: Date | null;
  disabled_at: Date | null;
};

const ENDPOINT_COLUMNS = `id, url, events, description, is_active, created_at, updated_at,
       failing_since, disabled_at`;

const toEndpoint = (r: EndpointRow): WebhookEndpointRecord => ({
  id: r.id,
  url: r.url,
  events: r.events,
  description: r.description,
  isActive: r.is_active,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  failingSince: r.failing_since,
  disabledAt: r.disabled_at,
});

export interface EndpointChange {
  url?: string;
  events?: string[];
  description?: string | null;
  isActive?: boolean;
}

/** SQL of the endpoints and their attempts; every method takes the caller's manager. */
@Injectable()
export class WebhookRepository {
  async insertEndpoint(
    manager: EntityManager,
    endpoint: { url: string; events: string[]; description: string | null; secret: string },
  ): Promise<WebhookEndpointRecord> {
    const rows: EndpointRow[] = await manager.query(
      `INSERT INTO webhook_endpoints (url, events, description, secret)
       VALUES ($1, $2, $3, $4) RETURNING ${ENDPOINT_COLUMNS}`,
      [endpoint.url, endpoint.events, endpoint.description, endpoint.secret],
    );
    return toEndpoint(rows[0]);
  }

  async findEndpoint(manager: EntityManager, id: number): Promise<WebhookEndpointRecord | null> {
    const rows: EndpointRow[] = await manager.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1`,
      [id],
    );
    return rows.length === 0 ? null : toEndpoint(rows[0]);
  }

  /** The endpoint FOR UPDATE: two changes of one endpoint take turns (and audit in order). */
  async lockEndpoint(manager: EntityManager, id: number): Promise<WebhookEndpointRecord | null> {
    const rows: EndpointRow[] = await manager.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows.length === 0 ? null : toEndpoint(rows[0]);
  }

  countEndpoints(manager: EntityManager): Promise<ListCount> {
    return countUpTo(manager, `SELECT 1 FROM webhook_endpoints`, []);
  }

  async findEndpointPage(
    manager: EntityManager,
    page: { limit: number; offset: number; afterId: number },
  ): Promise<WebhookEndpointRecord[]> {
    const rows: EndpointRow[] = await manager.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id > $3
       ORDER BY id LIMIT $1 OFFSET $2`,
      [page.limit, page.offset, page.afterId],
    );
    return rows.map(toEndpoint);
  }

  /**
   * Applies the change; turning an endpoint back on forgets its failures (a fresh 3 days),
   * turning it off records when.
   */
  async updateEndpoint(
    manager: EntityManager,
    id: number,
    change: EndpointChange,
  ): Promise<WebhookEndpointRecord | null> {
    const [rows] = await manager.query<[EndpointRow[], number]>(
      `UPDATE webhook_endpoints SET
         url = COALESCE($2, url),
         events = COALESCE($3, events),
         description = CASE WHEN $4 THEN $5 ELSE description END,
         is_active = COALESCE($6, is_active),
         failing_since = CASE WHEN $6 AND NOT is_active THEN NULL ELSE failing_since END,
         disabled_at = CASE WHEN $6 THEN NULL
                            WHEN $6 = false AND is_active THEN now() ELSE disabled_at END,
         updated_at = now()
       WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [
        id,
        change.url ?? null,
        change.events ?? null,
        change.description !== undefined,
        change.description ?? null,
        change.isActive ?? null,
      ],
    );
    return rows.length === 0 ? null : toEndpoint(rows[0]);
  }

  /**
   * The endpoint with its deliveries and attempts (they have no foreign key to it); returns
   * what was deleted, null if nothing.
   */
  async deleteEndpoint(manager: EntityManager, id: number): Promise<WebhookEndpointRecord | null> {
    const [rows] = await manager.query<[EndpointRow[], number]>(
      `WITH attempts AS (DELETE FROM webhook_attempts WHERE endpoint_id = $1),
            deliveries AS (DELETE FROM webhook_deliveries WHERE endpoint_id = $1)
       DELETE FROM webhook_endpoints WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [id],
    );
    return rows.length === 0 ? null : toEndpoint(rows[0]);
  }

  countAttempts(manager: EntityManager, endpointId: number): Promise<ListCount> {
    return countUpTo(manager, `SELECT 1 FROM webhook_attempts WHERE endpoint_id = $1`, [
      endpointId,
    ]);
  }

  /** One page of an endpoint's attempts, newest first, before the id `beforeId` (null: from the newest). */
  async findAttemptPage(
    manager: EntityManager,
    endpointId: number,
    page: { limit: number; offset: number; beforeId: number | null },
  ): Promise<WebhookAttemptRecord[]> {
    const rows: {
      id: string;
      delivery_id: string;
      event_id: string;
      type: string;
      attempt: number;
      attempted_at: Date;
      status_code: number | null;
      error: string | null;
      duration_ms: number;
      succeeded: boolean;
    }[] = await manager.query(
      `SELECT a.id, a.delivery_id, d.event_id, ev.type,
              (SELECT count(*)::int FROM webhook_attempts p
               WHERE p.delivery_id = a.delivery_id AND p.id <= a.id) AS attempt,
              a.attempted_at, a.status_code, a.error, a.duration_ms, a.succeeded
       FROM webhook_attempts a
       JOIN webhook_deliveries d ON d.id = a.delivery_id
       JOIN webhook_events ev ON ev.id = d.event_id
       WHERE a.endpoint_id = $1 AND ($4::bigint IS NULL OR a.id < $4)
       ORDER BY a.id DESC LIMIT $2 OFFSET $3`,
      [endpointId, page.limit, page.offset, page.beforeId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      deliveryId: Number(r.delivery_id),
      eventId: Number(r.event_id),
      eventType: r.type,
      attempt: r.attempt,
      attemptedAt: r.attempted_at,
      statusCode: r.status_code,
      error: r.error,
      durationMs: r.duration_ms,
      succeeded: r.succeeded,
    }));
  }
}

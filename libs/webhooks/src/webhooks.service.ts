import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEntry, AuditTrail } from '@app/audit';
import {
  APP_CONFIG,
  AppConfig,
  assertPageExists,
  offsetOf,
  Page,
  pageOf,
  PageRequest,
} from '@app/core';
import { runInTransaction } from '@app/database';
import { InvalidWebhookUrl, WebhookNotFound } from './webhook.errors';
import {
  EndpointChange,
  WebhookAttemptRecord,
  WebhookEndpointRecord,
  WebhookRepository,
} from './webhook.repository';
import { assertResolvesPublic } from './webhook-sender';
import { checkWebhookUrl } from './webhook-url.policy';

/** A new endpoint with its signing secret, which is shown this once. */
export interface CreatedWebhookEndpoint extends WebhookEndpointRecord {
  secret: string;
}

/** Standard Webhooks secrets: "whsec_" and base64 of 24 random bytes. */
const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** What an audit row keeps of an endpoint: never its secret (a record has none to leak). */
const auditStateOf = (endpoint: WebhookEndpointRecord) => ({
  url: endpoint.url,
  events: endpoint.events,
  description: endpoint.description,
  is_active: endpoint.isActive,
});

const webhookAudit = (
  actorId: number,
  action: 'webhook.created' | 'webhook.updated' | 'webhook.deleted',
  endpoint: WebhookEndpointRecord,
  data: Record<string, unknown>,
): AuditEntry => ({ actorId, action, entity: 'webhook', entityId: endpoint.id, data });

/** Endpoints admins manage, and the attempts made to each. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoints: WebhookRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async createEndpoint(
    actorId: number,
    request: { url: string; events: string[]; description?: string },
  ): Promise<CreatedWebhookEndpoint> {
    await this.checkUrl(request.url);
    const secret = newSecret();
    const endpoint = await runInTransaction(this.dataSource, async ({ manager }) => {
      const created = await this.endpoints.insertEndpoint(manager, {
        url: request.url,
        events: [...new Set(request.events)],
        description: request.description ?? null,
        secret,
      });
      await AuditTrail.record(
        manager,
        webhookAudit(actorId, 'webhook.created', created, auditStateOf(created)),
      );
      return created;
    });
    return { ...endpoint, secret };
  }

  async getEndpoint(id: number): Promise<WebhookEndpointRecord> {
    const endpoint = await this.endpoints.findEndpoint(this.dataSource.manager, id);
    if (!endpoint) throw new WebhookNotFound();
    return endpoint;
  }

  async listEndpoints(request: PageRequest<number>): Promise<Page<WebhookEndpointRecord, number>> {
    const manager = this.dataSource.manager;
    const [count, rows] = await Promise.all([
      request.count ?? this.endpoints.countEndpoints(manager),
      this.endpoints.findEndpointPage(manager, {
        limit: request.pageSize + 1,
        offset: offsetOf(request),
        afterId: request.after ?? 0,
      }),
    ]);
    assertPageExists(request, rows.length);
    return pageOf(request, count, rows, (e) => e.id);
  }

  async updateEndpoint(
    actorId: number,
    id: number,
    change: EndpointChange,
  ): Promise<WebhookEndpointRecord> {
    if (change.url !== undefined) await this.checkUrl(change.url);
    const events = change.events && [...new Set(change.events)];
    return runInTransaction(this.dataSource, async ({ manager }) => {
      const before = await this.endpoints.lockEndpoint(manager, id);
      if (!before) throw new WebhookNotFound();
      const after = await this.endpoints.updateEndpoint(manager, id, { ...change, events });
      if (!after) throw new WebhookNotFound();
      await AuditTrail.record(
        manager,
        webhookAudit(actorId, 'webhook.updated', after, {
          before: auditStateOf(before),
          after: auditStateOf(after),
        }),
      );
      return after;
    });
  }

  async deleteEndpoint(actorId: number, id: number): Promise<void> {
    await runInTransaction(this.dataSource, async ({ manager }) => {
      const deleted = await this.endpoints.deleteEndpoint(manager, id);
      if (!deleted) throw new WebhookNotFound();
      await AuditTrail.record(
        manager,
        webhookAudit(actorId, 'webhook.deleted', deleted, auditStateOf(deleted)),
      );
    });
  }

  /** The endpoint's attempts, newest first (a cursor continues below the last id seen). */
  async listAttempts(
    id: number,
    request: PageRequest<number>,
  ): Promise<Page<WebhookAttemptRecord, number>> {
    const manager = this.dataSource.manager;
    await this.getEndpoint(id);
    const [count, rows] = await Promise.all([
      request.count ?? this.endpoints.countAttempts(manager, id),
      this.endpoints.findAttemptPage(manager, id, {
        limit: request.pageSize + 1,
        offset: offsetOf(request),
        beforeId: request.after ?? null,
      }),
    ]);
    assertPageExists(request, rows.length);
    return pageOf(request, count, rows, (a) => a.id);
  }

  /**
   * The URL rules; outside development and tests (unless WEBHOOK_ALLOW_PRIVATE) the host must
   * resolve to public addresses only. The dispatcher checks the address again at each send.
   */
  private async checkUrl(raw: string): Promise<void> {
    const strict = !this.config.webhooks.allowPrivate;
    const verdict = checkWebhookUrl(raw, strict);
    if (!verdict.ok) throw new InvalidWebhookUrl(verdict.reason);
    if (!strict) return;
    try {
      await assertResolvesPublic(verdict.url);
    } catch (error) {
      throw new InvalidWebhookUrl((error as Error).message);
    }
  }
}

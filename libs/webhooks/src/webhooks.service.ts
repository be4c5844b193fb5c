import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  AppConfig,
  assertPageExists,
  offsetOf,
  Page,
  pageOf,
  PageRequest,
} from '@app/core';
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

/** Endpoints admins manage, and the attempts made to each. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly endpoints: WebhookRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async createEndpoint(request: {
    url: string;
    events: string[];
    description?: string;
  }): Promise<CreatedWebhookEndpoint> {
    await this.checkUrl(request.url);
    const secret = newSecret();
    const endpoint = await this.endpoints.insertEndpoint(this.dataSource.manager, {
      url: request.url,
      events: [...new Set(request.events)],
      description: request.description ?? null,
      secret,
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

  async updateEndpoint(id: number, change: EndpointChange): Promise<WebhookEndpointRecord> {
    if (change.url !== undefined) await this.checkUrl(change.url);
    const events = change.events && [...new Set(change.events)];
    const endpoint = await this.endpoints.updateEndpoint(this.dataSource.manager, id, {
      ...change,
      events,
    });
    if (!endpoint) throw new WebhookNotFound();
    return endpoint;
  }

  async deleteEndpoint(id: number): Promise<void> {
    if (!(await this.endpoints.deleteEndpoint(this.dataSource.manager, id))) {
      throw new WebhookNotFound();
    }
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

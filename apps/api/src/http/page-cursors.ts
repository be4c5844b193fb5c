import { createHmac, KeyObject, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { JWT_KEY } from '@app/auth';
import { APP_CONFIG, AppConfig, ListCount, MAX_ID, Page, PageRequest } from '@app/core';
import {
  cursorWithPage,
  invalidCursor,
  PageQuery,
  Paginated,
  paginated,
  pageRequestFrom,
} from './pagination';

/**
 * What a list's cursor holds: the list's name (signed with it, so one list's cursor is refused
 * by another) and its keyset position as JSON.
 */
export interface CursorKind<K> {
  list: string;
  toJson(key: K): unknown;
  /** The position back from JSON, or null when it is not one (checked after the signature). */
  fromJson(json: unknown): K | null;
}

/** Lists ordered by id alone (members, teams). */
export const idCursor = (list: string): CursorKind<number> => ({
  list,
  toJson: (id) => id,
  fromJson: (json) => (isId(json) ? json : null),
});

export const isId = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_ID;

const MAX_CURSOR_LENGTH = 512;
const SIGNATURE_BYTES = 16;

/**
 * Opaque, tamper-proof keyset cursors: base64url(JSON {a: position, c: count, e: estimated})
 * + "." + a truncated HMAC-SHA256 of list name and body, keyed from the JWT key (so every API
 * process behind a load balancer reads every other's cursors). Anything that does not verify
 * and parse is a 400 naming `cursor`, never a 500.
 */
@Injectable()
export class PageCursors {
  private readonly key: Buffer;

  constructor(
    @Inject(JWT_KEY) jwtKey: KeyObject,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = createHmac('sha256', jwtKey.export()).update('page-cursor/v1').digest();
  }

  /** `?page=`, `?page_size=` and `?cursor=` of a list, as a page request. */
  read<K>(kind: CursorKind<K>, query: PageQuery): PageRequest<K> {
    const request: PageRequest<K> = pageRequestFrom(query.page, query.page_size);
    const opened = this.opened(kind, query.cursor);
    if (opened === undefined) return request;
    if (query.page !== undefined) throw cursorWithPage();
    return { ...request, after: opened.after, count: opened.count };
  }

  /** A `?cursor=` opened: undefined when absent, a 400 naming `cursor` when not this list's. */
  opened<K>(kind: CursorKind<K>, cursor: unknown): { after: K; count: ListCount } | undefined {
    if (cursor === undefined) return undefined;
    const opened = typeof cursor === 'string' ? this.open(kind, cursor) : null;
    if (opened === null) throw invalidCursor();
    return opened;
  }

  /** The answer for a page: links, `next_cursor`, results. */
  answer<T, K, R>(
    kind: CursorKind<K>,
    request: Pick<FastifyRequest, 'url'>,
    pageRequest: PageRequest<K>,
    page: Page<T, K>,
    toResult: (item: T) => R,
  ): Paginated<R> {
    const nextCursor =
      page.nextKey === null ? null : this.seal(kind, { after: page.nextKey, count: page.count });
    const viaCursor = pageRequest.after !== undefined;
    return paginated(this.config.publicUrl, request, { ...page, viaCursor }, nextCursor, toResult);
  }

  seal<K>(kind: CursorKind<K>, contents: { after: K; count: ListCount }): string {
    const json = {
      a: kind.toJson(contents.after),
      c: contents.count.value,
      e: contents.count.estimated,
    };
    const body = Buffer.from(JSON.stringify(json)).toString('base64url');
    return `${body}.${this.sign(kind.list, body).toString('base64url')}`;
  }

  /** The cursor's contents, or null for anything this list did not hand out. */
  open<K>(kind: CursorKind<K>, cursor: string): { after: K; count: ListCount } | null {
    if (cursor.length > MAX_CURSOR_LENGTH) return null;
    const [body, signature, ...rest] = cursor.split('.');
    if (rest.length > 0 || !body || !signature) return null;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.sign(kind.list, body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (typeof json !== 'object' || json === null) return null;
    const { a, c, e } = json as Record<string, unknown>;
    const after = kind.fromJson(a);
    if (after === null || !Number.isSafeInteger(c) || (c as number) < 0 || typeof e !== 'boolean')
      return null;
    return { after, count: { value: c as number, estimated: e } };
  }

  private sign(list: string, body: string): Buffer {
    return createHmac('sha256', this.key)
      .update(`${list}.${body}`)
      .digest()
      .subarray(0, SIGNATURE_BYTES);
  }
}

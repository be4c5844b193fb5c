import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { isUniqueViolation, READ_DATABASE, ReadDatabase, runInTransaction } from '@app/database';
import { SiteCodeTaken, SiteRequired, UnknownSite, UnknownSiteCode } from './rooms.errors';
import { checkSiteCode, checkSiteName, checkTimeZone } from './site-spec';
import { SiteRow, SitesRepository } from './sites.repository';

/** A site with its zone resolved (a stored null is WORKSPACE_TIMEZONE). */
export interface SiteView {
  id: number;
  code: string;
  name: string;
  timezone: string;
  createdAt: Date;
}

export interface SiteChanges {
  code?: string;
  name?: string;
  timezone?: string;
}

const SITES_CODE_UQ = 'sites_code_uq';

/**
 * Why no site answers a request (SITE_FOR_REQUEST_SQL found none): the code given is unknown
 * (400), or there are several sites and the member has no home site (400 SITE_REQUIRED).
 */
export function noSiteFor(code: string | undefined): DomainError {
  return code !== undefined ? new UnknownSiteCode(code) : new SiteRequired();
}

/** What a request says of its site: siteForRequest's arguments. */
export interface SiteRequest {
  code: string | undefined;
  memberId: number | null;
}

/** The site as read by siteForRequestCall is the guess, in what a booking uses of it. */
export function isSameSite(
  row: SiteRow | null | undefined,
  guess: { id: number; timezone: string },
): boolean {
  return !!row && row.id === guess.id && row.timezone === guess.timezone;
}

/** A guessed site (guessSiteForRequest) was not the site read in the transaction. */
export class SiteGuessMissed extends Error {
  constructor() {
    super('The site guessed for the request is not the one it means now');
  }
}

/** siteForRequest's last answers, by what it was asked; bounded (emptied when full). */
class LastAnswers {
  private readonly answers = new Map<string, SiteView>();

  // With a code the member does not matter; without one, the member's home site may.
  private key = (code: string | undefined, memberId: number | null) =>
    code !== undefined ? `c${code}` : `m${memberId}`;

  get(code: string | undefined, memberId: number | null): SiteView | undefined {
    return this.answers.get(this.key(code, memberId));
  }

  remember(code: string | undefined, memberId: number | null, site: SiteView): void {
    if (this.answers.size >= 10_000) this.answers.clear();
    this.answers.set(this.key(code, memberId), site);
  }
}

@Injectable()
export class SitesService {
  private readonly lastAnswers = new LastAnswers();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(READ_DATABASE) private readonly read: ReadDatabase,
    private readonly sites: SitesRepository,
  ) {}

  private view(row: SiteRow): SiteView {
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      timezone: row.timezone,
      createdAt: row.created_at,
    };
  }

  async listSites(): Promise<SiteView[]> {
    const rows = await this.read.run((manager) => this.sites.findAll(manager));
    return rows.map((r) => this.view(r));
  }

  async createSite(site: { code: string; name: string; timezone: string }): Promise<SiteView> {
    checkSiteCode(site.code);
    checkSiteName(site.name);
    checkTimeZone(site.timezone);
    try {
      return this.view(await this.sites.insert(this.dataSource.manager, site));
    } catch (error) {
      if (isUniqueViolation(error, SITES_CODE_UQ)) throw new SiteCodeTaken(site.code);
      throw error;
    }
  }

  /**
   * A new zone moves the absolute hours of the site's bookings (the member-hour claims rule 7
   * compares), in the same transaction; a clash with another site's booking of the same member
   * is a 409 MEMBER_DOUBLE_BOOKED and nothing changes. A zone set here is the site's own (HQ
   * then no longer follows WORKSPACE_TIMEZONE).
   */
  async updateSite(id: number, changes: SiteChanges): Promise<SiteView> {
    if (Object.values(changes).every((v) => v === undefined)) {
      const message = 'Give at least one of code, name, timezone.';
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'body', message }]);
    }
    if (changes.code !== undefined) checkSiteCode(changes.code);
    if (changes.name !== undefined) checkSiteName(changes.name);
    if (changes.timezone !== undefined) checkTimeZone(changes.timezone);
    try {
      return await runInTransaction(this.dataSource, async ({ manager }) => {
        const row = await this.sites.update(manager, id, changes);
        if (!row) throw new UnknownSite();
        if (changes.timezone !== undefined) {
          await this.sites.rezoneMemberClaims(manager, id, changes.timezone);
        }
        return this.view(row);
      });
    } catch (error) {
      if (isUniqueViolation(error, SITES_CODE_UQ)) throw new SiteCodeTaken(changes.code ?? '');
      if (isUniqueViolation(error, 'member_claims_member_starts_at_uq')) {
        throw new DomainError(
          'MEMBER_DOUBLE_BOOKED',
          'In that time zone a member of a booking at this site would hold the same hour at another site.',
        );
      }
      throw error;
    }
  }

  /**
   * The site a booking, availability or room request means: `code` if given (unknown: 400),
   * else the only site, else the member's home site, else 400 SITE_REQUIRED.
   */
  async siteForRequest(code: string | undefined, memberId: number | null): Promise<SiteView> {
    const row = await this.sites.findForRequest(this.dataSource.manager, code ?? null, memberId);
    if (!row) throw noSiteFor(code);
    const site = this.view(row);
    this.lastAnswers.remember(code, memberId, site);
    return site;
  }

  /**
   * What siteForRequest last answered this process for the same request, if anything: a guess
   * that saves a booking its own round trip, never a fact. Whoever uses it reads the site again
   * inside its transaction (siteForRequestCall), checks it with isSameSite and starts over
   * with siteForRequest when it differs.
   */
  guessSiteForRequest(code: string | undefined, memberId: number | null): SiteView | undefined {
    return this.lastAnswers.get(code, memberId);
  }

  /** The site's zone (WORKSPACE_TIMEZONE for one without its own). */
  async timezoneOf(siteId: number): Promise<string> {
    const row = await this.sites.findById(this.dataSource.manager, siteId);
    if (!row) throw new UnknownSite();
    return row.timezone;
  }

  /** A site by code, or a 400 naming `field`. */
  async siteByCode(code: string, field = 'site'): Promise<SiteView> {
    const row = await this.sites.findByCode(this.dataSource.manager, code);
    if (!row) throw new UnknownSiteCode(code, field);
    return this.view(row);
  }
}

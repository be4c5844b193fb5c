import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  assertPageExists,
  CLOCK,
  Clock,
  DomainError,
  offsetOf,
  Page,
  pageOf,
  PageRequest,
} from '@app/core';
import { AuditTrail } from '@app/audit';
import { READ_DATABASE, ReadDatabase, runInTransaction } from '@app/database';
import { Role } from './entities/account.entity';
import { Gender } from './entities/member.entity';
import type { LoginView } from './logins.service';
import { MemberRow, MembersRepository } from './members.repository';
import { mayEditMember, Viewer, seesFullProfile } from './member-visibility.policy';
import { LastAdmin, MemberEditForbidden, MemberInUse, MemberNotFound } from './users.errors';

export interface LoginChange {
  role?: Role;
  isActive?: boolean;
}

export interface MemberFields {
  name: string;
  age: number;
  gender: Gender;
}

/** An edit of a member: profile fields and the home site (a site code; null clears it). */
export type MemberChange = Partial<MemberFields> & { homeSite?: string | null };

/** Member profiles: list, create (profile only, no account), read, edit, soft delete. */
/** A member's profile as an audit row shows it. */
const profileOf = (member: MemberRow) => ({
  name: member.name,
  age: member.age,
  gender: member.gender,
});

@Injectable()
export class MembersService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(READ_DATABASE) private readonly read: ReadDatabase,
    private readonly members: MembersRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Live members by id; a cursor page keeps the count of the walk's first page. */
  async listMembers(request: PageRequest<number>): Promise<Page<MemberRow, number>> {
    return this.read.run(async (manager) => {
      const [count, rows] = await Promise.all([
        request.count ?? this.members.countLive(manager),
        this.members.findPage(manager, {
          limit: request.pageSize + 1,
          offset: offsetOf(request),
          afterId: request.after ?? 0,
        }),
      ]);
      assertPageExists(request, rows.length);
      return pageOf(request, count, rows, (member) => member.id);
    });
  }

  /** A profile-only member. `actorId`: the admin, for the audit log. */
  createMember(actorId: number, fields: MemberFields): Promise<MemberRow> {
    return runInTransaction(this.dataSource, async ({ manager }) => {
      const member = await this.members.insert(manager, fields);
      await AuditTrail.record(manager, {
        actorId,
        action: 'member.created',
        entity: 'member',
        entityId: member.id,
        data: { ...profileOf(member), login: false },
      });
      return member;
    });
  }

  /** Admins read anyone, users only themselves: another member's id answers like a missing one. */
  async getMember(viewer: Viewer, id: number): Promise<MemberRow> {
    if (!seesFullProfile(viewer, id)) throw new MemberNotFound();
    const member = await this.members.findLive(this.dataSource.manager, id);
    if (!member) throw new MemberNotFound();
    return member;
  }

  /**
   * An edit by `editor`: an admin may change anything, any other member only their own home
   * site (else 403). Answers the login too when its role or active flag was changed.
   */
  async editMember(
    editor: Viewer,
    id: number,
    change: MemberChange & LoginChange,
  ): Promise<{ member: MemberRow; login: LoginView | null }> {
    const changed = Object.entries(change)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    if (!mayEditMember(editor, id, changed)) throw new MemberEditForbidden();
    const { role, isActive, ...profile } = change;
    if (role === undefined && isActive === undefined) {
      return { member: await this.updateMember(editor.id, id, profile), login: null };
    }
    return this.updateMemberAndLogin(editor.id, id, change);
  }

  async updateMember(actorId: number, id: number, change: MemberChange): Promise<MemberRow> {
    return runInTransaction(this.dataSource, async ({ manager }) => {
      const before = await this.members.lockLive(manager, id);
      if (!before) throw new MemberNotFound();
      const fields = await this.resolved(manager, change);
      const member = (await this.members.update(manager, id, fields)) as MemberRow;
      await AuditTrail.record(manager, {
        actorId,
        action: 'member.updated',
        entity: 'member',
        entityId: id,
        data: { before: profileOf(before), after: profileOf(member) },
      });
      return member;
    });
  }

  /** The change with its home site code turned into a site id (an unknown code: 400). */
  private async resolved(manager: EntityManager, change: MemberChange) {
    const { homeSite, ...fields } = change;
    if (homeSite === undefined) return fields;
    if (homeSite === null) return { ...fields, homeSiteId: null };
    const homeSiteId = await this.members.findSiteId(manager, homeSite);
    if (homeSiteId === null) {
      const message = `There is no site ${homeSite}.`;
      throw new DomainError('VALIDATION_FAILED', message, [{ field: 'home_site', message }]);
    }
    return { ...fields, homeSiteId };
  }

  /**
   * Profile fields and the login's role or active flag in one transaction. The member row is
   * locked first, as a delete does; demoting or deactivating an admin then takes the admin rows
   * and counts, so two admins demoting each other cannot leave none.
   */
  async updateMemberAndLogin(
    actorId: number | null,
    id: number,
    change: MemberChange & LoginChange,
  ): Promise<{ member: MemberRow; login: LoginView }> {
    return runInTransaction(this.dataSource, async ({ manager }) => {
      const before = await this.members.lockLive(manager, id);
      if (!before) throw new MemberNotFound();
      const login = await this.members.findLogin(manager, id);
      if (!login) {
        const field = change.role !== undefined ? 'role' : 'is_active';
        const message = 'This member has no login (a profile-only member)';
        throw new DomainError('VALIDATION_FAILED', message, [{ field, message }]);
      }
      const losesAdmin =
        login.role === 'admin' &&
        login.isActive &&
        (change.role === 'user' || change.isActive === false);
      if (losesAdmin) {
        await this.members.lockAdminAccounts(manager);
        if ((await this.members.countActiveAdmins(manager)) <= 1) throw new LastAdmin();
      }
      const { role, isActive, ...profile } = change;
      const member = (await this.members.update(
        manager,
        id,
        await this.resolved(manager, profile),
      )) as MemberRow;
      const updated = await this.members.updateLogin(manager, id, { role, isActive });
      await AuditTrail.record(manager, {
        actorId,
        action:
          login.isActive && !updated.isActive
            ? 'member.deactivated'
            : login.role !== updated.role
              ? 'member.role_changed'
              : 'member.updated',
        entity: 'member',
        entityId: id,
        data: {
          before: { ...profileOf(before), role: login.role, is_active: login.isActive },
          after: { ...profileOf(member), role: updated.role, is_active: updated.isActive },
        },
      });
      return { member, login: updated };
    });
  }

  /**
   * Soft-deletes a member who takes part in no active booking that has not ended (409
   * otherwise) and is not the last active admin (409). The row lock conflicts with the
   * key-share lock any new booking row referencing the member takes, so a booking committed
   * first is seen here and one started later waits.
   */
  async deleteMember(actorId: number, id: number): Promise<void> {
    await runInTransaction(this.dataSource, async ({ manager }) => {
      const member = await this.members.lockLive(manager, id);
      if (!member) throw new MemberNotFound();
      await this.refuseDeletingLastAdmin(manager, id);
      if (await this.members.hasActiveUpcomingBookings(manager, id, this.clock.now())) {
        throw new MemberInUse();
      }
      await this.members.softDelete(manager, id);
      await AuditTrail.record(manager, {
        actorId,
        action: 'member.deleted',
        entity: 'member',
        entityId: id,
        data: profileOf(member),
      });
    });
  }

  /**
   * Lock, then count: of two admins deleting each other, the second waits on the admin rows
   * until the first commits, and its count (a new snapshot) no longer includes the first.
   */
  private async refuseDeletingLastAdmin(manager: EntityManager, id: number): Promise<void> {
    if (!(await this.members.isActiveAdmin(manager, id))) return;
    await this.members.lockAdminAccounts(manager);
    if ((await this.members.countActiveAdmins(manager)) <= 1) throw new LastAdmin();
  }
}

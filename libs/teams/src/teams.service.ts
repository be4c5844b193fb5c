import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { assertPageExists, CLOCK, Clock, offsetOf, Page, pageOf, PageRequest } from '@app/core';
import {
  isUniqueViolation,
  READ_DATABASE,
  ReadDatabase,
  runInTransaction,
  Transaction,
} from '@app/database';
import { AuditTrail } from '@app/audit';
import { UnknownMembers, Viewer } from '@app/users';
import { TEAMS_NAME_UQ } from './constraints';
import { TeamView } from './team';
import { TeamInUse, TeamNameTaken, TeamNotFound } from './teams.errors';
import { LockedTeam, TeamRow, TeamScope, TeamsRepository } from './teams.repository';

export interface NewTeam {
  name: string;
  memberIds: number[];
}

export type TeamChanges = Partial<NewTeam>;

/** Teams: admins create, edit membership and delete; members see the teams they belong to. */
@Injectable()
export class TeamsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(READ_DATABASE) private readonly read: ReadDatabase,
    private readonly teams: TeamsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Visible teams by id; a cursor page keeps the count of the walk's first page. */
  async listTeams(viewer: Viewer, request: PageRequest<number>): Promise<Page<TeamView, number>> {
    const scope = scopeOf(viewer);
    return this.read.run(async (manager) => {
      const [count, rows] = await Promise.all([
        request.count ?? this.teams.countVisible(manager, scope),
        this.teams.findVisiblePage(manager, scope, {
          limit: request.pageSize + 1,
          offset: offsetOf(request),
          afterId: request.after ?? 0,
        }),
      ]);
      assertPageExists(request, rows.length);
      const page = pageOf(request, count, rows, (team) => team.id);
      return { ...page, items: await this.withMembers(manager, page.items) };
    });
  }

  /**
   * For a booking of the team, inside the booking's transaction: the live team and its live
   * members, locked until that transaction ends. Unknown or deleted: TeamNotFound.
   */
  async lockForBooking(tx: Transaction, id: number): Promise<LockedTeam> {
    const team = await this.teams.lockForBooking(tx, id);
    if (!team) throw new TeamNotFound();
    return team;
  }

  /** Another user's team answers like a missing one. */
  async getTeam(viewer: Viewer, id: number): Promise<TeamView> {
    const manager = this.dataSource.manager;
    const row = await this.teams.findVisible(manager, scopeOf(viewer), id);
    if (!row) throw new TeamNotFound();
    return (await this.withMembers(manager, [row]))[0];
  }

  /** `actorId`: the admin's member id, for the audit log. */
  async createTeam(actorId: number, input: NewTeam): Promise<TeamView> {
    return this.translatingNameClash(() =>
      runInTransaction(this.dataSource, async ({ manager }) => {
        await this.requireLiveMembers(manager, input.memberIds);
        const team = await this.teams.insert(manager, input.name);
        await this.teams.replaceMembers(manager, team.id, input.memberIds);
        await AuditTrail.record(manager, {
          actorId,
          action: 'team.created',
          entity: 'team',
          entityId: team.id,
          data: { name: input.name, member_ids: input.memberIds },
        });
        return (await this.withMembers(manager, [team]))[0];
      }),
    );
  }

  /** `memberIds`, when given, replaces the whole membership. */
  async updateTeam(actorId: number, id: number, changes: TeamChanges): Promise<TeamView> {
    return this.translatingNameClash(() =>
      runInTransaction(this.dataSource, async ({ manager }) => {
        const team = await this.teams.lockLive(manager, id);
        if (!team) throw new TeamNotFound();
        const before = (await this.withMembers(manager, [team]))[0];
        const beforeName = team.name;
        if (changes.memberIds !== undefined) {
          await this.requireLiveMembers(manager, changes.memberIds);
          await this.teams.replaceMembers(manager, id, changes.memberIds);
        }
        if (changes.name !== undefined && changes.name !== team.name) {
          await this.teams.rename(manager, id, changes.name);
          team.name = changes.name;
        }
        const after = (await this.withMembers(manager, [team]))[0];
        await AuditTrail.record(manager, {
          actorId,
          action: 'team.updated',
          entity: 'team',
          entityId: id,
          data: {
            before: { name: beforeName, member_ids: before.members.map((m) => m.id) },
            after: { name: after.name, member_ids: after.members.map((m) => m.id) },
          },
        });
        return after;
      }),
    );
  }

  /** Soft delete, refused while the team holds an active booking that has not ended. */
  async deleteTeam(actorId: number, id: number): Promise<void> {
    await runInTransaction(this.dataSource, async ({ manager }) => {
      const team = await this.teams.lockLive(manager, id);
      if (!team) throw new TeamNotFound();
      // Each booking's end in its site's zone (in SQL).
      if (await this.teams.hasActiveUpcomingBookings(manager, id, this.clock.now())) {
        throw new TeamInUse();
      }
      await this.teams.softDelete(manager, id);
      await AuditTrail.record(manager, {
        actorId,
        action: 'team.deleted',
        entity: 'team',
        entityId: id,
        data: { name: team.name },
      });
    });
  }

  private async requireLiveMembers(manager: EntityManager, memberIds: number[]): Promise<void> {
    const unknown = await this.teams.lockMembersReturningUnknown(manager, memberIds);
    if (unknown.length > 0) throw new UnknownMembers(unknown, 'member_ids', true);
  }

  private async withMembers(manager: EntityManager, rows: TeamRow[]): Promise<TeamView[]> {
    const members = await this.teams.findMembers(
      manager,
      rows.map((row) => row.id),
    );
    return rows.map((row) => ({ ...row, members: members.get(row.id) ?? [] }));
  }

  private async translatingNameClash<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error, TEAMS_NAME_UQ)) throw new TeamNameTaken();
      throw error;
    }
  }
}

const scopeOf = (viewer: Viewer): TeamScope => ({
  all: viewer.role === 'admin',
  memberId: viewer.id,
});

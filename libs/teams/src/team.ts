import { CHILD_AGE_LIMIT } from '@app/core';
import { MemberRow } from '@app/users';

/** A team as read: its live members, ordered by id. */
export interface TeamView {
  id: number;
  name: string;
  createdAt: Date;
  members: MemberRow[];
}

/** Headcount: everyone counts toward size; adults (10+) are the ones who take seats. */
export const teamSize = (team: Pick<TeamView, 'members'>): number => team.members.length;
export const teamAdultCount = (team: Pick<TeamView, 'members'>): number =>
  team.members.filter((member) => member.age >= CHILD_AGE_LIMIT).length;

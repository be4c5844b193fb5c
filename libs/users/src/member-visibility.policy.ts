import type { Role } from './entities/account.entity';

export interface Viewer {
  id: number;
  role: Role;
}

/**
 * Who sees a member's full profile (age, gender): admins, and the member themself. Everyone
 * else sees id, name and is_child, enough to pick co-workers for a desk.
 */
export const seesFullProfile = (viewer: Viewer, memberId: number): boolean =>
  viewer.role === 'admin' || viewer.id === memberId;

/**
 * Who may make an edit of a member (`changed`: the fields it sets): an admin, anything; any
 * other member, only their own home site.
 */
export const mayEditMember = (viewer: Viewer, memberId: number, changed: string[]): boolean =>
  viewer.role === 'admin' ||
  (viewer.id === memberId && changed.length === 1 && changed[0] === 'homeSite');

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

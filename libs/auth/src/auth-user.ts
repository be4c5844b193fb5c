import type { Role } from '@app/users';

/** Who is calling, as read from a verified access token. */
export interface AuthUser {
  id: number;
  username: string;
  role: Role;
}

export const isAdmin = (user: AuthUser): boolean => user.role === 'admin';

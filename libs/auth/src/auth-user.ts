import type { Role } from '@app/users';

/** Who is calling, as read from a verified access token. */
export interface AuthUser {
  id: number;
  username: string;
  role: Role;
  /** The refresh-token family (login session) the access token was issued in, if it says. */
  session?: string;
}

export const isAdmin = (user: AuthUser): boolean => user.role === 'admin';

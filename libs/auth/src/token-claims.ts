import type { Role } from '@app/users';

/** `typ` tells access from refresh tokens: neither is ever accepted as the other. */
export interface AccessClaims {
  sub: string;
  typ: 'access';
  username: string;
  role: Role;
  /** The refresh-token family this access token was issued in (its login session). */
  fam?: string;
}

export interface RefreshClaims {
  sub: string;
  typ: 'refresh';
  /** Rotation family: every token issued by refreshing descends from one login. */
  fam: string;
  jti: string;
}

export const JWT_ALGORITHM = 'HS256' as const;

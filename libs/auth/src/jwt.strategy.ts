import { KeyObject } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { parseId } from '@app/core';
import type { AuthUser } from './auth-user';
import { bearerTokenFrom } from './bearer-token';
import { JWT_KEY } from './jwt-key.provider';
import { AccessClaims, JWT_ALGORITHM } from './token-claims';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(JWT_KEY) key: KeyObject) {
    super({
      jwtFromRequest: bearerTokenFrom,
      // A KeyObject spares jsonwebtoken a failed public-key parse on every verify (~80x faster).
      secretOrKey: key as unknown as string,
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  /**
   * Claims only: passport keeps one strategy per name for the whole process, so anything
   * needing this app's database (is the account still live?) is done by JwtAuthGuard.
   */
  validate(claims: Partial<AccessClaims>): AuthUser {
    // A subject that cannot be a member id is refused here, not by a failing query later.
    const id = parseId(claims.sub);
    if (
      claims.typ !== 'access' ||
      id === null ||
      (claims.role !== 'admin' && claims.role !== 'user')
    ) {
      throw new UnauthorizedException('Given token not valid for any token type');
    }
    const session =
      typeof claims.fam === 'string' && UUID.test(claims.fam) ? claims.fam : undefined;
    return { id, username: claims.username ?? '', role: claims.role, session };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

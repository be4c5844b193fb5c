import { createHash, KeyObject, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Algorithm, createVerifier, TokenError } from 'fast-jwt';
import { APP_CONFIG, AppConfig, parseId } from '@app/core';
import type { Account } from '@app/users';
import type { AuthUser } from './auth-user';
import { JWT_KEY } from './jwt-key.provider';
import { AccessClaims, JWT_ALGORITHM, RefreshClaims } from './token-claims';

export interface TokenPair {
  access: string;
  refresh: string;
}

/** A signed refresh token and what the server stores about it. */
export interface SignedRefreshToken {
  token: string;
  jti: string;
  familyId: string;
  accountId: number;
  tokenHash: string;
  expiresAt: Date;
}

/** Verified access tokens kept per process (about 1 kB each). */
const VERIFIED_TOKENS_CACHED = 10_000;

export const sha256Hex = (value: string): string =>
  createHash('sha256').update(value).digest('hex');

/** Signs and verifies HS256 JWTs with a pinned algorithm and a `typ` claim. */
@Injectable()
export class TokensService {
  /**
   * Access tokens are checked on every request: fast-jwt, with a per-process LRU of verified
   * tokens (by their SHA-256, each kept until its exp at most), so a client's next requests
   * skip the HMAC and the JSON parse. Liveness is still checked per request (JwtAuthGuard).
   */
  private readonly accessVerifier: (token: string) => Partial<AccessClaims>;

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JWT_KEY) private readonly key: KeyObject,
  ) {
    this.accessVerifier = createVerifier({
      key: key.export(),
      algorithms: [JWT_ALGORITHM as Algorithm],
      cache: VERIFIED_TOKENS_CACHED,
    });
  }

  signAccess(account: Pick<Account, 'id' | 'username' | 'role'>, familyId?: string): string {
    const claims: AccessClaims = {
      sub: String(account.id),
      typ: 'access',
      username: account.username,
      role: account.role,
      ...(familyId ? { fam: familyId } : {}),
    };
    return this.jwt.sign(claims, {
      secret: this.key as unknown as string,
      algorithm: JWT_ALGORITHM,
      expiresIn: this.config.jwt.accessTtlSeconds,
    });
  }

  /** A new refresh token: in a new family unless one is given (rotation). */
  signRefresh(accountId: number, familyId: string = randomUUID()): SignedRefreshToken {
    const jti = randomUUID();
    const claims: RefreshClaims = { sub: String(accountId), typ: 'refresh', fam: familyId, jti };
    const token = this.jwt.sign(claims, {
      secret: this.key as unknown as string,
      algorithm: JWT_ALGORITHM,
      expiresIn: this.config.jwt.refreshTtlSeconds,
    });
    return {
      token,
      jti,
      familyId,
      accountId,
      tokenHash: sha256Hex(token),
      expiresAt: new Date(Date.now() + this.config.jwt.refreshTtlSeconds * 1000),
    };
  }

  /**
   * The caller an access token names, or why it is refused: `expired` (a good signature past
   * its exp) or `invalid` (anything else: signature, algorithm, a refresh token, bad claims).
   */
  verifyAccess(token: string): AuthUser | 'expired' | 'invalid' {
    let claims: Partial<AccessClaims>;
    try {
      claims = this.accessVerifier(token);
    } catch (error) {
      return error instanceof TokenError && error.code === TokenError.codes.expired
        ? 'expired'
        : 'invalid';
    }
    // A subject that cannot be a member id is refused here, not by a failing query later.
    const id = parseId(claims.sub);
    if (
      claims.typ !== 'access' ||
      id === null ||
      (claims.role !== 'admin' && claims.role !== 'user')
    ) {
      return 'invalid';
    }
    const session =
      typeof claims.fam === 'string' && UUID.test(claims.fam) ? claims.fam : undefined;
    return { id, username: claims.username ?? '', role: claims.role, session };
  }

  /** Verified refresh claims, or null for anything else (access tokens, bad signature, expired). */
  verifyRefresh(token: string): RefreshClaims | null {
    try {
      const claims = this.jwt.verify<Partial<RefreshClaims>>(token, {
        secret: this.key as unknown as string,
        algorithms: [JWT_ALGORITHM],
      });
      return claims.typ === 'refresh' &&
        typeof claims.sub === 'string' &&
        Number.isSafeInteger(Number(claims.sub)) &&
        typeof claims.fam === 'string' &&
        UUID.test(claims.fam) &&
        typeof claims.jti === 'string' &&
        UUID.test(claims.jti)
        ? (claims as RefreshClaims)
        : null;
    } catch {
      return null;
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

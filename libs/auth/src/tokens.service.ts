import { createSecretKey, KeyObject, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@app/core';
import type { Account } from '@app/users';
import { AccessClaims, JWT_ALGORITHM, RefreshClaims } from './token-claims';

export interface TokenPair {
  access: string;
  refresh: string;
}

@Injectable()
export class TokensService {
  private readonly key: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwt.secret));
  }

  signAccess(account: Pick<Account, 'id' | 'username' | 'role'>): string {
    const claims: AccessClaims = {
      sub: String(account.id),
      typ: 'access',
      username: account.username,
      role: account.role,
    };
    return this.jwt.sign(claims, {
      secret: this.key as unknown as string,
      algorithm: JWT_ALGORITHM,
      expiresIn: this.config.jwt.accessTtlSeconds,
    });
  }

  signRefresh(
    accountId: number,
    family: string = randomUUID(),
    jti: string = randomUUID(),
  ): string {
    const claims: RefreshClaims = { sub: String(accountId), typ: 'refresh', fam: family, jti };
    return this.jwt.sign(claims, {
      secret: this.key as unknown as string,
      algorithm: JWT_ALGORITHM,
      expiresIn: this.config.jwt.refreshTtlSeconds,
    });
  }

  /** Verified refresh claims, or null for anything else (access tokens, bad signature, expired). */
  verifyRefresh(token: string): RefreshClaims | null {
    try {
      const claims = this.jwt.verify<Partial<RefreshClaims>>(token, {
        secret: this.key as unknown as string,
        algorithms: [JWT_ALGORITHM],
      });
      return claims.typ === 'refresh' && claims.sub && claims.fam && claims.jti
        ? (claims as RefreshClaims)
        : null;
    } catch {
      return null;
    }
  }
}

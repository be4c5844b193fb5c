import type { IncomingHttpHeaders } from 'node:http';
import {
  ExecutionContext,
  ForbiddenException,
  Injectable,
  CanActivate,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@app/users';
import type { AuthUser } from './auth-user';
import { bearerTokenFrom, MALFORMED_AUTHORIZATION } from './bearer-token';
import { IS_PUBLIC, ROLES } from './decorators';
import { LiveAccountsService } from './live-accounts.service';
import { TokensService } from './tokens.service';

export const ACCOUNT_GONE = 'The account of this token is deactivated or deleted';

/**
 * Global: every route needs a valid access token unless marked @Public(). The token is checked
 * here directly (HS256 pinned, `typ` access, a member id), with no passport strategy between:
 * this runs on every request.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly liveAccounts: LiveAccountsService,
  ) {}

  /**
   * The signature proves who the token was issued to, not that the account may still act:
   * a deactivated or deleted account is refused, and the role comes from the database (a
   * demoted admin loses admin rights), within LIVE_ACCOUNT_TTL_MS. A failed lookup (database
   * down) propagates, so the filter answers 503 rather than a misleading 401.
   */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: IncomingHttpHeaders; user?: AuthUser }>();
    const token = bearerTokenFrom(request);
    if (!token) {
      throw new UnauthorizedException(
        request.headers.authorization
          ? MALFORMED_AUTHORIZATION
          : 'Authentication credentials were not provided',
      );
    }
    const caller = this.tokens.verifyAccess(token);
    if (caller === 'expired') throw new UnauthorizedException('Token has expired');
    if (caller === 'invalid') {
      throw new UnauthorizedException('Given token not valid for any token type');
    }
    const account = await this.liveAccounts.find(caller.id);
    if (!account) throw new UnauthorizedException(ACCOUNT_GONE);
    request.user = { ...account, session: caller.session };
    return true;
  }
}

/** Global, after JwtAuthGuard: enforces @Roles(). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user) throw new UnauthorizedException('Authentication credentials were not provided');
    if (!roles.includes(user.role))
      throw new ForbiddenException('You do not have permission to perform this action');
    return true;
  }
}

import type { IncomingHttpHeaders } from 'node:http';
import {
  ExecutionContext,
  ForbiddenException,
  Injectable,
  CanActivate,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Role } from '@app/users';
import type { AuthUser } from './auth-user';
import { MALFORMED_AUTHORIZATION } from './bearer-token';
import { IS_PUBLIC, ROLES } from './decorators';
import { LiveAccountsService } from './live-accounts.service';

export const ACCOUNT_GONE = 'The account of this token is deactivated or deleted';

/** Global: every route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly liveAccounts: LiveAccountsService,
  ) {
    super();
  }

  /**
   * The signature proves who the token was issued to, not that the account may still act:
   * a deactivated or deleted account is refused, and the role comes from the database (a
   * demoted admin loses admin rights), within LIVE_ACCOUNT_TTL_MS. A failed lookup (database
   * down) propagates, so the filter answers 503 rather than a misleading 401.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<{ user: AuthUser }>();
    const account = await this.liveAccounts.find(request.user.id);
    if (!account) throw new UnauthorizedException(ACCOUNT_GONE);
    request.user = { ...account, session: request.user.session };
    return true;
  }

  override handleRequest<T = AuthUser>(
    error: unknown,
    user: T | false,
    info: unknown,
    context: ExecutionContext,
  ): T {
    // From JwtStrategy.validate: a refusal with its reason.
    if (error instanceof Error) throw error;
    if (error) throw new UnauthorizedException('Given token not valid for any token type');
    if (!user) throw new UnauthorizedException(refusalDetail(info, context));
    return user;
  }
}

/** Why passport found no user: no token, a header not of the form `Bearer <token>`, or a bad token. */
function refusalDetail(info: unknown, context: ExecutionContext): string {
  const reason = info instanceof Error ? info.message : undefined;
  if (reason === 'jwt expired') return 'Token has expired';
  if (reason !== 'No auth token') return 'Given token not valid for any token type';
  const request = context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders }>();
  return request.headers.authorization
    ? MALFORMED_AUTHORIZATION
    : 'Authentication credentials were not provided';
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

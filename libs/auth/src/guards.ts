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
import { IS_PUBLIC, ROLES } from './decorators';

/** Global: every route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<T = AuthUser>(error: unknown, user: T | false, info: unknown): T {
    if (error || !user) {
      const reason = info instanceof Error ? info.message : undefined;
      const detail =
        reason === 'jwt expired'
          ? 'Token has expired'
          : reason === 'No auth token'
            ? 'Authentication credentials were not provided'
            : 'Given token not valid for any token type';
      throw new UnauthorizedException(detail);
    }
    return user;
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

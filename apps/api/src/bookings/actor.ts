import { AuthUser, isAdmin } from '@app/auth';
import { Actor } from '@app/bookings';

export const actorOf = (user: AuthUser): Actor => ({ memberId: user.id, isAdmin: isAdmin(user) });

import type { ComponentType } from 'react';
import { AuditScreen } from './screens/admin/audit.screen';
import { AllBookingsScreen } from './screens/admin/bookings.screen';
import { MembersScreen } from './screens/admin/members.screen';
import { RoomsScreen } from './screens/admin/rooms.screen';
import { TeamsScreen } from './screens/admin/teams.screen';
import { DayGridScreen } from './screens/day-grid.screen';
import { LoginScreen } from './screens/login.screen';
import { MyBookingsScreen } from './screens/my-bookings.screen';
import { RegisterScreen } from './screens/register.screen';
import { SetPasswordScreen } from './screens/set-password.screen';

/** Who may open a screen: anyone, signed-in members, or admins. */
export type Access = 'public' | 'member' | 'admin';

export interface Route {
  path: string;
  /** The navigation entry; screens without one are reached by links. */
  nav?: string;
  access: Access;
  screen: ComponentType;
}

/** One screen per route: a new capability adds a screen file and a line here. */
export const ROUTES: Route[] = [
  { path: '/', nav: 'Day grid', access: 'member', screen: DayGridScreen },
  { path: '/my-bookings', nav: 'My bookings', access: 'member', screen: MyBookingsScreen },
  { path: '/admin/members', nav: 'Members', access: 'admin', screen: MembersScreen },
  { path: '/admin/rooms', nav: 'Rooms', access: 'admin', screen: RoomsScreen },
  { path: '/admin/teams', nav: 'Teams', access: 'admin', screen: TeamsScreen },
  { path: '/admin/bookings', nav: 'All bookings', access: 'admin', screen: AllBookingsScreen },
  { path: '/admin/audit', nav: 'Audit', access: 'admin', screen: AuditScreen },
  { path: '/login', access: 'public', screen: LoginScreen },
  { path: '/register', access: 'public', screen: RegisterScreen },
  { path: '/set-password', access: 'public', screen: SetPasswordScreen },
];

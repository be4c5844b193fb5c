import { type ComponentType, lazy } from 'react';
import { DayGridScreen } from './screens/day-grid.screen';
import { LoginScreen } from './screens/login.screen';
import { MyBookingsScreen } from './screens/my-bookings.screen';
import { RegisterScreen } from './screens/register.screen';
import { SetPasswordScreen } from './screens/set-password.screen';

/*
 * Admin screens are separate chunks fetched on first visit: members never download them, and
 * the member bundle stays small.
 */
const MembersScreen = lazy(() =>
  import('./screens/admin/members.screen').then((m) => ({ default: m.MembersScreen })),
);
const RoomsScreen = lazy(() =>
  import('./screens/admin/rooms.screen').then((m) => ({ default: m.RoomsScreen })),
);
const TeamsScreen = lazy(() =>
  import('./screens/admin/teams.screen').then((m) => ({ default: m.TeamsScreen })),
);
const AllBookingsScreen = lazy(() =>
  import('./screens/admin/bookings.screen').then((m) => ({ default: m.AllBookingsScreen })),
);
// The report's chart library stays out of the members' bundle: loaded when the screen opens.
const PoliciesScreen = lazy(() =>
  import('./screens/admin/policies.screen').then((m) => ({ default: m.PoliciesScreen })),
);
const AuditScreen = lazy(() =>
  import('./screens/admin/audit.screen').then((m) => ({ default: m.AuditScreen })),
);
const WebhooksScreen = lazy(() =>
  import('./screens/admin/webhooks.screen').then((m) => ({ default: m.WebhooksScreen })),
);
const SitesScreen = lazy(() =>
  import('./screens/admin/sites.screen').then((m) => ({ default: m.SitesScreen })),
);
const ReportScreen = lazy(() =>
  import('./screens/admin/report.screen').then((module) => ({ default: module.ReportScreen })),
);

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
  { path: '/admin/policies', nav: 'Policies', access: 'admin', screen: PoliciesScreen },
  { path: '/admin/bookings', nav: 'All bookings', access: 'admin', screen: AllBookingsScreen },
  { path: '/admin/report', nav: 'Report', access: 'admin', screen: ReportScreen },
  { path: '/admin/audit', nav: 'Audit', access: 'admin', screen: AuditScreen },
  { path: '/admin/webhooks', nav: 'Webhooks', access: 'admin', screen: WebhooksScreen },
  { path: '/admin/sites', nav: 'Sites', access: 'admin', screen: SitesScreen },
  { path: '/login', access: 'public', screen: LoginScreen },
  { path: '/register', access: 'public', screen: RegisterScreen },
  { path: '/set-password', access: 'public', screen: SetPasswordScreen },
];

import { mayEditMember, seesFullProfile } from './member-visibility.policy';

describe('seesFullProfile', () => {
  it.each([
    ['an admin, anyone', { id: 1, role: 'admin' as const }, 2, true],
    ['an admin, themself', { id: 1, role: 'admin' as const }, 1, true],
    ['a user, themself', { id: 5, role: 'user' as const }, 5, true],
    ['a user, someone else', { id: 5, role: 'user' as const }, 6, false],
  ])('%s', (_name, viewer, memberId, expected) => {
    expect(seesFullProfile(viewer, memberId)).toBe(expected);
  });
});

describe('mayEditMember', () => {
  const admin = { id: 1, role: 'admin' as const };
  const user = { id: 5, role: 'user' as const };
  it.each([
    ['an admin, anyone, anything', admin, 2, ['name', 'role'], true],
    ['a user, their own home site', user, 5, ['homeSite'], true],
    ['a user, their own home site and name', user, 5, ['homeSite', 'name'], false],
    ['a user, their own name', user, 5, ['name'], false],
    ['a user, nothing', user, 5, [], false],
    ["a user, someone else's home site", user, 6, ['homeSite'], false],
  ])('%s', (_name, viewer, memberId, changed, expected) => {
    expect(mayEditMember(viewer, memberId, changed)).toBe(expected);
  });
});

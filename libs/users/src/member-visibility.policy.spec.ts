import { seesFullProfile } from './member-visibility.policy';

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

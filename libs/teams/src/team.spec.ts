import type { MemberRow } from '@app/users';
import { teamAdultCount, teamSize } from './team';

const aged = (...ages: number[]): MemberRow[] =>
  ages.map((age, i) => ({ id: i + 1, name: `m${i}`, age, gender: 'O' }));

describe('team headcount', () => {
  it.each([
    ['no members', aged(), 0, 0],
    ['adults only', aged(30, 40, 50), 3, 3],
    ['children count in size, not as adults', aged(30, 9, 4), 3, 1],
    ['10 is an adult, 9 a child', aged(10, 9), 2, 1],
    ['a baby', aged(0), 1, 0],
  ])('%s', (_name, members, size, adults) => {
    expect(teamSize({ members })).toBe(size);
    expect(teamAdultCount({ members })).toBe(adults);
  });
});

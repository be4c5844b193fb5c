import { BookingNotFoundOrCancelled, CreatorCannotLeave } from './booking.errors';
import { CurrentParticipant, planLeave } from './leave.policy';

const adult = (memberId: number): CurrentParticipant => ({ memberId, age: 30 });
const child = (memberId: number): CurrentParticipant => ({ memberId, age: 6 });

describe('planLeave', () => {
  it.each([
    ['another adult stays', [adult(1), adult(2), adult(3)], 2, false],
    ['only the creator stays', [adult(1), adult(2)], 2, false],
    ['an adult and a child stay', [adult(2), adult(3), child(4)], 2, false],
    ['only a child stays', [adult(2), child(4)], 2, true],
    ['nobody stays (private occupant)', [adult(2)], 2, true],
    ['the last two adults, the first going', [adult(2), adult(3), child(4)], 3, false],
  ])('%s', (_case, participants, leaver, cancels) => {
    expect(planLeave(1, participants, leaver)).toEqual({ cancelsBooking: cancels });
  });

  it('refuses the creator, whether or not they take part', () => {
    expect(() => planLeave(1, [adult(1), adult(2)], 1)).toThrow(CreatorCannotLeave);
    expect(() => planLeave(1, [adult(2)], 1)).toThrow(CreatorCannotLeave);
  });

  it('answers someone outside the booking like a missing booking', () => {
    expect(() => planLeave(1, [adult(1), adult(2)], 9)).toThrow(BookingNotFoundOrCancelled);
  });
});

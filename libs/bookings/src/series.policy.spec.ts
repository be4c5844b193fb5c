import { CandidateRoom, SeatClaim } from './allocation.policy';
import { allocateSeries } from './series.policy';

const room = (id: number, roomNumber: string, capacity = 1): CandidateRoom => ({
  id,
  roomNumber,
  roomType: capacity === 4 ? 'SHARED_DESK' : 'PRIVATE',
  capacity,
});
const privateRooms = [room(1, 'P01'), room(2, 'P02'), room(3, 'P03')];
const desks = [room(11, 'S01', 4), room(12, 'S02', 4)];
const dates = ['2030-01-14', '2030-01-21', '2030-01-28'];
const ada = { id: 7, name: 'Ada', age: 30 };
const taken = (roomId: number, seats = [0]): SeatClaim[] =>
  seats.map((seatNumber) => ({ roomId, seatNumber, hour: 10 }));

function run(
  claims: Record<string, SeatClaim[]>,
  opts: { rooms?: CandidateRoom[]; busy?: string[]; required?: string } = {},
) {
  const rooms = opts.rooms ?? privateRooms;
  return allocateSeries({
    roomType: rooms[0].roomType,
    hours: [10],
    party: [ada],
    rooms,
    dates,
    claimsByDate: new Map(
      dates.map((d) => [
        d,
        {
          roomClaims: claims[d] ?? [],
          memberClaims: (opts.busy ?? []).includes(d) ? [{ memberId: 7, hour: 10 }] : [],
        },
      ]),
    ),
    requiredRoom: opts.required
      ? { roomNumber: opts.required, roomType: rooms[0].roomType }
      : undefined,
  });
}
const roomsOf = (decisions: ReturnType<typeof run>) =>
  decisions.map((d) => d.allocation?.room.roomNumber ?? d.refusal?.code);

describe('allocateSeries', () => {
  it.each<[string, Record<string, SeatClaim[]>, (string | undefined)[]]>([
    ['all free: the first room on every date', {}, ['P01', 'P01', 'P01']],
    [
      'P01 taken on one date: P02, free on all, on every date',
      { '2030-01-21': taken(1) },
      ['P02', 'P02', 'P02'],
    ],
    [
      'no room free on all: each date its first free room',
      {
        '2030-01-14': taken(1),
        '2030-01-21': [...taken(2), ...taken(3)],
        '2030-01-28': taken(1),
      },
      ['P02', 'P01', 'P02'],
    ],
    [
      'a date with nothing free is refused, the others still share a room',
      { '2030-01-21': [...taken(1), ...taken(2), ...taken(3)], '2030-01-28': taken(1) },
      ['P02', 'SLOT_TAKEN', 'P02'],
    ],
  ])('%s', (_case, claims, expected) => {
    expect(roomsOf(run(claims))).toEqual(expected);
  });

  it('prefers the first desk with a free seat on every date', () => {
    const full = taken(11, [1, 2, 3, 4]);
    expect(roomsOf(run({ '2030-01-28': full }, { rooms: desks }))).toEqual(['S02', 'S02', 'S02']);
  });

  it('refuses the dates the member is busy with MEMBER_DOUBLE_BOOKED', () => {
    const decisions = run({}, { busy: ['2030-01-21'] });
    expect(roomsOf(decisions)).toEqual(['P01', 'MEMBER_DOUBLE_BOOKED', 'P01']);
    expect(decisions[1].refusal?.detail).toMatch(/Ada/);
  });

  it('keeps to a named room, refusing the dates it is taken', () => {
    expect(roomsOf(run({ '2030-01-14': taken(3) }, { required: 'P03' }))).toEqual([
      'SLOT_TAKEN',
      'P03',
      'P03',
    ]);
  });

  it('throws what does not depend on the date', () => {
    expect(() => run({}, { required: 'P09' })).toThrow(/no room P09/);
  });
});

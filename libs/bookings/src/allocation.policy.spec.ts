import {
  AllocationInput,
  CandidateRoom,
  PartyMember,
  RoomType,
  allocate,
  checkParty,
} from './allocation.policy';

const adult = (id: number): PartyMember => ({ id, name: `Adult ${id}`, age: 30 });
const child = (id: number): PartyMember => ({ id, name: `Child ${id}`, age: 6 });

const rooms: CandidateRoom[] = [
  ...[1, 2, 3].map((i) => ({
    id: i,
    roomNumber: `P0${i}`,
    roomType: 'PRIVATE' as const,
    capacity: 1,
  })),
  ...[11, 12].map((i) => ({
    id: i,
    roomNumber: `C0${i - 10}`,
    roomType: 'CONFERENCE' as const,
    capacity: 6,
  })),
  ...[21, 22, 23].map((i) => ({
    id: i,
    roomNumber: `S0${i - 20}`,
    roomType: 'SHARED_DESK' as const,
    capacity: 4,
  })),
];

const input = (
  roomType: RoomType,
  party: PartyMember[],
  extra: Partial<AllocationInput> = {},
): AllocationInput => ({
  roomType,
  hours: [10],
  party,
  rooms,
  roomClaims: [],
  memberClaims: [],
  ...extra,
});

describe('checkParty', () => {
  it.each<[RoomType, PartyMember[]]>([
    ['PRIVATE', [adult(1)]],
    ['CONFERENCE', [adult(1), child(2), child(3)]],
    ['SHARED_DESK', [adult(1)]],
    ['SHARED_DESK', [adult(1), child(2), child(3), child(4)]],
  ])('accepts %s with %j', (roomType, party) => {
    expect(() => checkParty(roomType, party)).not.toThrow();
  });

  it.each<[RoomType, PartyMember[], string]>([
    ['PRIVATE', [child(1)], 'INVALID_PARTY'],
    ['PRIVATE', [adult(1), adult(2)], 'INVALID_PARTY'],
    ['PRIVATE', [], 'INVALID_PARTY'],
    ['CONFERENCE', [adult(1), adult(2)], 'TEAM_TOO_SMALL'],
    ['CONFERENCE', [adult(1), child(2)], 'TEAM_TOO_SMALL'],
    ['CONFERENCE', [child(1), child(2), child(3)], 'INVALID_PARTY'],
    ['SHARED_DESK', [child(1)], 'INVALID_PARTY'],
    ['SHARED_DESK', [child(1), child(2)], 'INVALID_PARTY'],
    ['SHARED_DESK', [1, 2, 3, 4, 5].map(adult), 'INVALID_PARTY'],
    ['SHARED_DESK', [], 'INVALID_PARTY'],
  ])('refuses %s with %j: %s', (roomType, party, code) => {
    expect(() => checkParty(roomType, party)).toThrow(expect.objectContaining({ code }));
  });

  it('says what a too-small team needs', () => {
    expect(() => checkParty('CONFERENCE', [adult(1), adult(2)])).toThrow(
      'Conference rooms require teams of 3 or more',
    );
  });
});

describe('allocate whole rooms', () => {
  it.each<[string, AllocationInput, string]>([
    ['lowest-numbered free private room', input('PRIVATE', [adult(1)]), 'P01'],
    [
      'skips a taken room',
      input('PRIVATE', [adult(1)], { roomClaims: [{ roomId: 1, seatNumber: 0, hour: 10 }] }),
      'P02',
    ],
    [
      'ignores claims in other hours',
      input('PRIVATE', [adult(1)], { roomClaims: [{ roomId: 1, seatNumber: 0, hour: 11 }] }),
      'P01',
    ],
    [
      'needs the room free in every hour of the range',
      input('PRIVATE', [adult(1)], {
        hours: [10, 11, 12],
        roomClaims: [
          { roomId: 1, seatNumber: 0, hour: 12 },
          { roomId: 2, seatNumber: 0, hour: 10 },
        ],
      }),
      'P03',
    ],
    [
      'conference: lowest free conference room',
      input('CONFERENCE', [adult(1), adult(2), child(3)], {
        roomClaims: [{ roomId: 11, seatNumber: 0, hour: 10 }],
      }),
      'C02',
    ],
  ])('%s', (_name, request, roomNumber) => {
    const allocation = allocate(request);
    expect(allocation.room.roomNumber).toBe(roomNumber);
    expect(allocation.claimedSeats).toEqual([0]);
    expect(allocation.participants.every((p) => p.seatNumber === null)).toBe(true);
  });

  it.each<[string, AllocationInput, string]>([
    [
      'every private room taken',
      input('PRIVATE', [adult(1)], {
        roomClaims: [1, 2, 3].map((roomId) => ({ roomId, seatNumber: 0, hour: 10 })),
      }),
      'SLOT_TAKEN',
    ],
    [
      'member already booked that hour (checked before rooms)',
      input('PRIVATE', [adult(1)], {
        roomClaims: [1, 2, 3].map((roomId) => ({ roomId, seatNumber: 0, hour: 10 })),
        memberClaims: [{ memberId: 1, hour: 10 }],
      }),
      'MEMBER_DOUBLE_BOOKED',
    ],
    [
      'conference team with more adults than any room seats',
      input('CONFERENCE', [1, 2, 3, 4, 5, 6, 7].map(adult)),
      'TEAM_TOO_LARGE',
    ],
    [
      'a child of the team already booked',
      input('CONFERENCE', [adult(1), adult(2), child(3)], {
        memberClaims: [{ memberId: 3, hour: 10 }],
      }),
      'MEMBER_DOUBLE_BOOKED',
    ],
  ])('%s -> %s', (_name, request, code) => {
    expect(() => allocate(request)).toThrow(expect.objectContaining({ code }));
  });

  it('names the double-booked member', () => {
    expect(() =>
      allocate(
        input('CONFERENCE', [adult(1), adult(2), adult(3)], {
          memberClaims: [{ memberId: 2, hour: 10 }],
        }),
      ),
    ).toThrow(/Adult 2 \(member 2\)/);
  });

  it('seven adults fit when the room is larger', () => {
    const big = rooms.map((r) => (r.id === 12 ? { ...r, capacity: 8 } : r));
    const allocation = allocate(
      input('CONFERENCE', [1, 2, 3, 4, 5, 6, 7].map(adult), { rooms: big }),
    );
    expect(allocation.room.roomNumber).toBe('C02');
  });
});

describe('allocate shared desks', () => {
  const claims = (roomId: number, seats: number[], hour = 10) =>
    seats.map((seatNumber) => ({ roomId, seatNumber, hour }));

  it.each<[string, AllocationInput, string, number[]]>([
    ['one adult: S01 seat 1', input('SHARED_DESK', [adult(1)]), 'S01', [1]],
    [
      'lowest free seats first',
      input('SHARED_DESK', [adult(1), adult(2)], { roomClaims: claims(21, [1, 3]) }),
      'S01',
      [2, 4],
    ],
    [
      'whole group at the first desk with room for all adults',
      input('SHARED_DESK', [adult(1), adult(2), adult(3)], { roomClaims: claims(21, [2, 4]) }),
      'S02',
      [1, 2, 3],
    ],
    [
      'children take no seat',
      input('SHARED_DESK', [adult(1), child(2), child(3), child(4)], {
        roomClaims: claims(21, [1, 2, 3]),
      }),
      'S01',
      [4],
    ],
    [
      'a seat must be free in every hour',
      input('SHARED_DESK', [adult(1), adult(2)], {
        hours: [10, 11],
        roomClaims: [...claims(21, [1], 10), ...claims(21, [2], 11)],
      }),
      'S01',
      [3, 4],
    ],
    [
      'full desk in one hour moves the group on',
      input('SHARED_DESK', [adult(1)], {
        hours: [10, 11],
        roomClaims: [...claims(21, [1, 2], 10), ...claims(21, [3, 4], 11)],
      }),
      'S02',
      [1],
    ],
  ])('%s', (_name, request, deskNumber, seats) => {
    const allocation = allocate(request);
    expect(allocation.room.roomNumber).toBe(deskNumber);
    expect(allocation.claimedSeats).toEqual(seats);
    expect(
      allocation.participants.filter((p) => p.seatNumber !== null).map((p) => p.seatNumber),
    ).toEqual(seats);
  });

  it('lists children without a seat', () => {
    const allocation = allocate(input('SHARED_DESK', [adult(1), child(2)]));
    expect(allocation.participants).toEqual([
      { memberId: 1, seatNumber: 1 },
      { memberId: 2, seatNumber: null },
    ]);
  });

  it.each<[string, AllocationInput, string]>([
    [
      'no desk has enough free seats',
      input('SHARED_DESK', [adult(1), adult(2)], {
        roomClaims: [...claims(21, [1, 2, 3]), ...claims(22, [1, 2, 3]), ...claims(23, [2, 3, 4])],
      }),
      'SLOT_TAKEN',
    ],
    [
      'one of the group already booked',
      input('SHARED_DESK', [adult(1), adult(2)], { memberClaims: [{ memberId: 2, hour: 10 }] }),
      'MEMBER_DOUBLE_BOOKED',
    ],
    ['a child alone', input('SHARED_DESK', [child(1)]), 'INVALID_PARTY'],
  ])('%s -> %s', (_name, request, code) => {
    expect(() => allocate(request)).toThrow(expect.objectContaining({ code }));
  });
});

describe('allocate a named or preferred room', () => {
  const taken = (roomId: number, seats = [0], hour = 10) =>
    seats.map((seatNumber) => ({ roomId, seatNumber, hour }));
  const named = (roomNumber: string, roomType: RoomType | null) => ({
    requiredRoom: { roomNumber, roomType },
  });

  it.each<[string, AllocationInput, string, number[]]>([
    [
      'the named private room, not the first free',
      input('PRIVATE', [adult(1)], named('P03', 'PRIVATE')),
      'P03',
      [0],
    ],
    [
      'the named conference room',
      input('CONFERENCE', [adult(1), adult(2), adult(3)], named('C02', 'CONFERENCE')),
      'C02',
      [0],
    ],
    [
      'the named desk, lowest free seats there',
      input('SHARED_DESK', [adult(1), adult(2)], {
        ...named('S02', 'SHARED_DESK'),
        roomClaims: taken(22, [1]),
      }),
      'S02',
      [2, 3],
    ],
    [
      'a preferred room that is free',
      input('PRIVATE', [adult(1)], { preferredRoomId: 2 }),
      'P02',
      [0],
    ],
    [
      'a preferred room that is taken: the first free one',
      input('PRIVATE', [adult(1)], { preferredRoomId: 2, roomClaims: taken(2) }),
      'P01',
      [0],
    ],
    [
      'a preferred desk without enough seats: the first desk with them',
      input('SHARED_DESK', [adult(1), adult(2)], {
        preferredRoomId: 23,
        roomClaims: taken(23, [1, 2, 3]),
      }),
      'S01',
      [1, 2],
    ],
    [
      'a preferred room of another type is ignored',
      input('PRIVATE', [adult(1)], { preferredRoomId: 21 }),
      'P01',
      [0],
    ],
    [
      'the named room wins over the preferred one',
      input('PRIVATE', [adult(1)], { ...named('P03', 'PRIVATE'), preferredRoomId: 2 }),
      'P03',
      [0],
    ],
  ])('%s', (_name, request, roomNumber, seats) => {
    const allocation = allocate(request);
    expect(allocation.room.roomNumber).toBe(roomNumber);
    expect(allocation.claimedSeats).toEqual(seats);
  });

  it.each<[string, AllocationInput, string]>([
    [
      'the named room taken, others free',
      input('PRIVATE', [adult(1)], { ...named('P02', 'PRIVATE'), roomClaims: taken(2) }),
      'SLOT_TAKEN',
    ],
    [
      'the named room taken in one hour of the range',
      input('PRIVATE', [adult(1)], {
        ...named('P02', 'PRIVATE'),
        hours: [10, 11],
        roomClaims: taken(2, [0], 11),
      }),
      'SLOT_TAKEN',
    ],
    [
      'the named desk lacks a seat for every adult in every hour',
      input('SHARED_DESK', [adult(1), adult(2)], {
        ...named('S01', 'SHARED_DESK'),
        hours: [10, 11],
        roomClaims: [...taken(21, [1, 2], 10), ...taken(21, [3], 11)],
      }),
      'SLOT_TAKEN',
    ],
    [
      'a desk named for a private booking',
      input('PRIVATE', [adult(1)], named('S01', 'SHARED_DESK')),
      'ROOM_TYPE_MISMATCH',
    ],
    [
      'a private room named for a desk booking',
      input('SHARED_DESK', [adult(1)], named('P01', 'PRIVATE')),
      'ROOM_TYPE_MISMATCH',
    ],
    ['an unknown room', input('PRIVATE', [adult(1)], named('P99', null)), 'ROOM_NOT_FOUND'],
    [
      'a closed or inactive room (left out of the candidates)',
      input('PRIVATE', [adult(1)], {
        ...named('P04', 'PRIVATE'),
        closedRoomNumbers: ['P04'],
      }),
      'ROOM_CLOSED',
    ],
    [
      'an unknown room, though the member is double-booked (the request is wrong first)',
      input('PRIVATE', [adult(1)], {
        ...named('X1', null),
        memberClaims: [{ memberId: 1, hour: 10 }],
      }),
      'ROOM_NOT_FOUND',
    ],
    [
      'the named room free but the member double-booked',
      input('PRIVATE', [adult(1)], {
        ...named('P01', 'PRIVATE'),
        memberClaims: [{ memberId: 1, hour: 10 }],
      }),
      'MEMBER_DOUBLE_BOOKED',
    ],
    [
      'a named conference room too small for the adults',
      input('CONFERENCE', [1, 2, 3, 4, 5, 6, 7].map(adult), {
        ...named('C01', 'CONFERENCE'),
        rooms: rooms.map((r) => (r.id === 12 ? { ...r, capacity: 8 } : r)),
      }),
      'TEAM_TOO_LARGE',
    ],
  ])('%s -> %s', (_name, request, code) => {
    expect(() => allocate(request)).toThrow(expect.objectContaining({ code }));
  });

  it('says which type the named room is', () => {
    expect(() => allocate(input('PRIVATE', [adult(1)], named('C01', 'CONFERENCE')))).toThrow(
      'Room C01 is a CONFERENCE room, not PRIVATE.',
    );
  });
});

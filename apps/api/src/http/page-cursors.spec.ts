import { createSecretKey } from 'node:crypto';
import type { AppConfig } from '@app/core';
import { BOOKINGS_CURSOR } from '../bookings/list-bookings.query';
import { idCursor, PageCursors } from './page-cursors';

const config = { publicUrl: 'https://api.example.com' } as AppConfig;
const cursorsWith = (secret: string) =>
  new PageCursors(createSecretKey(Buffer.from(secret)), config);
const USERS = idCursor('users');
const count = { value: 50_000, estimated: true };

describe('PageCursors', () => {
  const cursors = cursorsWith('a'.repeat(32));

  it('opens what it sealed: the position and the first page count', () => {
    const key = { date: '2030-01-16', startHour: 10, roomId: 3, id: 42 };
    const sealed = cursors.seal(BOOKINGS_CURSOR, { after: key, count });
    expect(sealed).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(cursors.open(BOOKINGS_CURSOR, sealed)).toEqual({ after: key, count });
  });

  it('refuses a cursor of another list, another key, or with a changed body or signature', () => {
    const sealed = cursors.seal(USERS, { after: 7, count });
    const [body, signature] = sealed.split('.');
    const forged = Buffer.from(JSON.stringify({ a: 8, c: 1, e: false })).toString('base64url');
    expect(cursors.open(idCursor('teams'), sealed)).toBeNull();
    expect(cursorsWith('b'.repeat(32)).open(USERS, sealed)).toBeNull();
    expect(cursors.open(USERS, `${forged}.${signature}`)).toBeNull();
    expect(cursors.open(USERS, `${body}.${signature.slice(0, -2)}AA`)).toBeNull();
  });

  it.each(['', '.', 'abc', 'a.b.c', '%%%.%%%', 'x'.repeat(600), `${'eyJ9'}.AAAA`])(
    'refuses the malformed cursor %j',
    (cursor) => {
      expect(cursors.open(USERS, cursor)).toBeNull();
    },
  );

  it('refuses a validly signed cursor whose position is not one', () => {
    // As if the key leaked: the shape is still checked before any SQL sees it.
    for (const bad of [0, -1, 1.5, '7', 2 ** 31]) {
      const sealed = cursors.seal(idCursor('users') as never, { after: bad as never, count });
      expect(cursors.open(USERS, sealed)).toBeNull();
    }
    const badDate = cursors.seal(BOOKINGS_CURSOR, {
      after: { date: '2030-02-30', startHour: 10, roomId: 3, id: 1 },
      count,
    });
    expect(cursors.open(BOOKINGS_CURSOR, badDate)).toBeNull();
  });

  it('refuses a bookings cursor of the earlier room-number form, and bad room ids', () => {
    const sealedAs = (position: unknown[]) =>
      cursors.seal({ ...BOOKINGS_CURSOR, toJson: () => position }, { after: null as never, count });
    for (const position of [
      ['2030-01-16', 10, 'P01', 42],
      ['2030-01-16', 10, 0, 42],
      ['2030-01-16', 10, 2 ** 31, 42],
      ['2030-01-16', 10, 3],
    ]) {
      expect(cursors.open(BOOKINGS_CURSOR, sealedAs(position))).toBeNull();
    }
    expect(cursors.open(BOOKINGS_CURSOR, sealedAs(['2030-01-16', 10, 3, 42]))).toEqual({
      after: { date: '2030-01-16', startHour: 10, roomId: 3, id: 42 },
      count,
    });
  });

  it('reads ?cursor= into a page request and answers 400 VALIDATION_FAILED naming cursor', () => {
    const sealed = cursors.seal(USERS, { after: 7, count });
    expect(cursors.read(USERS, { cursor: sealed, page_size: '5' })).toEqual({
      page: 1,
      pageSize: 5,
      after: 7,
      count,
    });
    for (const query of [
      { cursor: 'nope' },
      { cursor: ['a', 'b'] },
      { cursor: sealed, page: '1' },
    ]) {
      expect(() => cursors.read(USERS, query)).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          fieldErrors: [expect.objectContaining({ field: 'cursor' })],
        }),
      );
    }
  });
});

import { StartupError } from '@app/core';
import { connectFailure, databaseAddress, isPermanentConnectError } from './connect-error';

const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:6543'), {
  code: 'ECONNREFUSED',
});

describe('connectFailure', () => {
  it('names host and port, attempts and reason, never the password', () => {
    const url = 'postgres://app:p%40ss-w0rd@db.internal:6543/booking';
    const error = connectFailure(refused, url, 3);
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toBe(
      'cannot connect to the database at db.internal:6543 after 3 attempts: connection refused (ECONNREFUSED); check DATABASE_URL',
    );
    const leaky = new Error('password "p@ss-w0rd" rejected\nsecond line');
    const leakyLine = connectFailure(leaky, url, 1).message;
    expect(leakyLine).not.toContain('p@ss-w0rd');
    expect(leakyLine).not.toContain('\n');
    expect(leakyLine).toContain('after 1 attempt:');
  });

  it('reads the first error of an AggregateError (localhost: ::1 then 127.0.0.1)', () => {
    const aggregate = new AggregateError([refused, refused], 'all failed');
    expect(connectFailure(aggregate, 'postgres://localhost/booking', 2).message).toBe(
      'cannot connect to the database at localhost:5432 after 2 attempts: connection refused (ECONNREFUSED); check DATABASE_URL',
    );
  });

  it('points at the embedded database when there is no DATABASE_URL', () => {
    expect(
      connectFailure(refused, 'postgres://postgres@127.0.0.1:40001/booking', 1, '.data/pg').message,
    ).toMatch(/127\.0\.0\.1:40001 .*check the embedded database in \.data\/pg$/);
  });

  it('gives up at once on a wrong password or a missing database', () => {
    const auth = Object.assign(new Error('password authentication failed for user "app"'), {
      code: '28P01',
    });
    expect(isPermanentConnectError(connectFailure(auth, 'postgres://app@db/booking', 1))).toBe(
      true,
    );
    expect(isPermanentConnectError(connectFailure(refused, 'postgres://app@db/booking', 1))).toBe(
      false,
    );
  });

  it('never echoes an unparsable URL', () => {
    expect(databaseAddress('postgres://user:secret@[bad')).toBe('an unparsable DATABASE_URL');
  });
});

import { executeSql, prepareSql, sqlLiteral, SqlType } from './batched-transaction';

describe('sqlLiteral', () => {
  it.each<[SqlType, unknown, string]>([
    ['int', 42, '42'],
    ['int', -7, '-7'],
    ['smallint', 9, '9'],
    ['int', null, 'NULL'],
    ['int[]', [1, 2, 3], "'{1,2,3}'::int[]"],
    ['smallint[]', [], "'{}'::smallint[]"],
    ['smallint[]', [1, null], "'{1,NULL}'::smallint[]"],
    ['date', '2030-01-15', "'2030-01-15'::date"],
    ['text', 'PRIVATE', "'PRIVATE'"],
    ['text', "O'Brien", "'O''Brien'"],
    ['text', 'back\\slash', " E'back\\\\slash'"],
  ])('%s %p is %s', (type, value, literal) => {
    expect(sqlLiteral(type, value)).toBe(literal);
  });

  it.each<[SqlType, unknown]>([
    ['int', '1; DROP TABLE bookings'],
    ['int', 1.5],
    ['int', Number.MAX_SAFE_INTEGER + 1],
    ['int', Number.NaN],
    ['int[]', '{1,2}'],
    ['int[]', [1, '2) ; DROP TABLE x; --']],
    ['date', "2030-01-15'; DROP TABLE bookings; --"],
    ['date', 20300115],
    ['text', 5],
  ])('refuses %s %p instead of writing it into SQL', (type, value) => {
    expect(() => sqlLiteral(type, value)).toThrow(TypeError);
  });
});

describe('prepareSql and executeSql', () => {
  const statement = {
    name: 'bk_example',
    text: 'SELECT $1::int + $2',
    types: ['int', 'int'] as const,
  };

  it('declares the parameter types and passes literals', () => {
    expect(prepareSql(statement)).toBe('PREPARE bk_example(int, int) AS SELECT $1::int + $2');
    expect(executeSql({ statement, values: [1, 2] })).toBe('EXECUTE bk_example(1, 2)');
  });

  it('writes no parameter list for a statement without parameters', () => {
    const bare = { name: 'bk_now', text: 'SELECT now()', types: [] };
    expect(prepareSql(bare)).toBe('PREPARE bk_now AS SELECT now()');
    expect(executeSql({ statement: bare, values: [] })).toBe('EXECUTE bk_now');
  });

  it('refuses a wrong number of values and a name that is not a plain identifier', () => {
    expect(() => executeSql({ statement, values: [1] })).toThrow(/takes 2 values/);
    expect(() => prepareSql({ ...statement, name: 'x; DROP TABLE y' })).toThrow(/plain/);
  });
});

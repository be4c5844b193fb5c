import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblems } from './password.policy';

describe('passwordProblems', () => {
  it.each([
    ['a long unusual password', 'Tr0ub4dor&3-horse', 'ada'],
    ['exactly the minimum length', 'x7#kQ2!m', 'ada'],
    ['exactly the maximum length', 'a'.repeat(MAX_PASSWORD_LENGTH - 1) + 'Z', 'ada'],
    ['a password containing the username', 'ada-likes-trains', 'ada'],
  ])('accepts %s', (_name, password, username) => {
    expect(passwordProblems(password, username)).toEqual([]);
  });

  it.each([
    ['shorter than the minimum', 'x7#kQ2!', 'ada', `at least ${MIN_PASSWORD_LENGTH} characters`],
    ['empty', '', 'ada', `at least ${MIN_PASSWORD_LENGTH} characters`],
    ['longer than the maximum', 'a'.repeat(MAX_PASSWORD_LENGTH + 1), 'ada', 'at most'],
    ['a common password', 'password123', 'ada', 'too common'],
    ['a common password in another case', 'QwErTy123', 'ada', 'too common'],
    ['all digits from the list', '12345678', 'ada', 'too common'],
    ['equal to the username', 'margaret.h', 'margaret.h', 'must not equal the username'],
    [
      'equal to the username in another case',
      'Margaret.H',
      'margaret.h',
      'must not equal the username',
    ],
  ])('refuses a password %s', (_name, password, username, message) => {
    const problems = passwordProblems(password, username);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.field === 'password')).toBe(true);
    expect(problems.map((p) => p.message).join('; ')).toContain(message);
  });

  it('reports every problem at once', () => {
    expect(passwordProblems('secret1', 'secret1').map((p) => p.message)).toEqual([
      `password must be at least ${MIN_PASSWORD_LENGTH} characters`,
      'password must not equal the username',
    ]);
  });
});

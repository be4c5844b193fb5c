import { FieldError } from '@app/core';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

// The most common leaked passwords of 8+ characters; a short list, checked case-insensitively.
const COMMON_PASSWORDS = new Set([
  '12345678',
  '123456789',
  '1234567890',
  '12345678910',
  'password',
  'password1',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'qwertyuiop',
  'qwerty123',
  'qwerty12',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'iloveyou',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'welcome1',
  'welcome123',
  'abc12345',
  'abcd1234',
  'admin123',
  'administrator',
  'letmein1',
  'trustno1',
  'superman',
  'starwars',
  'whatever',
  'computer',
  'michelle',
  'jennifer',
  'corvette',
  'mercedes',
  '11111111',
  '00000000',
  '88888888',
  '87654321',
  '12341234',
  '11223344',
  'aaaaaaaa',
  'changeme',
  'changeme123',
  'qwertyui',
  'asdfghjk',
  'zxcvbnm1',
  'monkey123',
  'dragon123',
  'master123',
  'shadow123',
  'football1',
  'baseball1',
  'liverpool',
  'chelsea1',
  'internet',
  'samsung1',
  'pokemon1',
  'azertyuiop',
  'q1w2e3r4',
  'q1w2e3r4t5',
  'zaq12wsx',
  '!qaz2wsx',
  '1qaz2wsx',
  'qazwsxedc',
  'password!',
  'password12',
  'secret123',
  'test1234',
  'testtest',
]);

/** Problems with a new password, as field errors (empty when it is acceptable). */
export function passwordProblems(password: string, username: string): FieldError[] {
  const problems: FieldError[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push({
      field: 'password',
      message: `password must be at least ${MIN_PASSWORD_LENGTH} characters`,
    });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    problems.push({
      field: 'password',
      message: `password must be at most ${MAX_PASSWORD_LENGTH} characters`,
    });
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    problems.push({ field: 'password', message: 'password is too common' });
  }
  if (password.toLowerCase() === username.toLowerCase()) {
    problems.push({ field: 'password', message: 'password must not equal the username' });
  }
  return problems;
}

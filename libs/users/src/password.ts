import { Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * argon2id at the OWASP minimum (19 MiB, t=2, p=1): ~12 ms a hash here, which bounds login
 * and register throughput at roughly 80 per second per core. Pinned so the cost is a choice.
 */
const ARGON2_OPTIONS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2_OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verifying against this when the username is unknown keeps both paths equally slow. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = (): Promise<string> =>
  (dummyHash ??= hashPassword('not-a-real-password-0'));

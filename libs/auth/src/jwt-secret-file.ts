import { randomBytes } from 'node:crypto';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

export const SECRET_FILE_BYTES = 32;

export class JwtSecretFileError extends Error {
  constructor(file: string, problem: string, fix: string) {
    super(`JWT secret file ${file} ${problem}: ${fix}, or set JWT_SECRET`);
    this.name = 'JwtSecretFileError';
  }
}

/**
 * The signing secret kept in `file` (made on first use: 32 random bytes, base64url, mode 0600),
 * so development tokens survive restarts without a secret published anywhere.
 */
export async function readOrCreateSecretFile(
  file: string,
): Promise<{ secret: string; created: boolean }> {
  const existing = await readSecretFile(file);
  if (existing !== null) return { secret: existing, created: false };
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const created = await publishNewSecret(file);
  const secret = await readSecretFile(file);
  if (secret === null) throw new JwtSecretFileError(file, 'vanished', 'check the directory');
  return { secret, created };
}

/**
 * Writes a whole secret under a private name (O_EXCL), then links it into place: link() fails
 * with EEXIST if the file exists, so of two processes starting together the first one's
 * secret wins and nobody ever reads a half-written file. False if another process won.
 */
async function publishNewSecret(file: string): Promise<boolean> {
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(draft, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(`${randomBytes(SECRET_FILE_BYTES).toString('base64url')}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/** The secret, or null if there is no file; refuses one others may read or one too short. */
async function readSecretFile(file: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new JwtSecretFileError(file, 'is not a file', 'remove it');
    if ((stats.mode & 0o077) !== 0) {
      const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
      throw new JwtSecretFileError(
        file,
        `may be read by other users (mode ${mode})`,
        `run chmod 600 ${file}`,
      );
    }
    const secret = (await handle.readFile('utf8')).trim();
    if (Buffer.byteLength(secret) < SECRET_FILE_BYTES) {
      throw new JwtSecretFileError(
        file,
        `holds fewer than ${SECRET_FILE_BYTES} bytes`,
        'delete it to have a new one made (tokens signed with the old one stop working)',
      );
    }
    return secret;
  } finally {
    await handle.close();
  }
}

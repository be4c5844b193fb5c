import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * Local runs: reads `path` (`.env` in the working directory by default) into `env`, for the
 * variables `env` does not already define, so the environment always wins over the file. A
 * missing file is not an error. Returns the names it set.
 */
export function loadEnvFile(path = '.env', env: NodeJS.ProcessEnv = process.env): string[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(content))) {
    if (env[name] !== undefined || value === undefined) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The fault specs run the built API: build it unless API_DIST names a build already made, or
 * the build in dist is current (as `npm start` decides).
 */
export default function globalSetup(): void {
  const root = join(__dirname, '..', '..');
  if (process.env.API_DIST) {
    if (!existsSync(join(process.env.API_DIST, 'apps/api/src/main.js')))
      throw new Error(`API_DIST=${process.env.API_DIST} has no apps/api/src/main.js`);
    return;
  }
  execFileSync(process.execPath, [join(root, 'scripts/build-if-stale.js'), 'api'], {
    cwd: root,
    stdio: 'inherit',
  });
}

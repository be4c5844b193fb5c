import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { RefreshTokens1764100000000 } from './1764100000000-refresh-tokens';

/** Every migration, in order. Listed, never globbed, so builds and tests see the same set. */
export const migrations = [InitialSchema1764000000000, RefreshTokens1764100000000];

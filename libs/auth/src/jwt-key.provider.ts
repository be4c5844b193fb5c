import { createSecretKey, KeyObject } from 'node:crypto';
import { FactoryProvider, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { readOrCreateSecretFile } from './jwt-secret-file';

/** The HS256 key every token is signed and verified with. */
export const JWT_KEY = Symbol('JWT_KEY');

/**
 * JWT_SECRET, or (outside production, where the config refuses its absence) the random secret
 * kept beside the embedded database's data. A KeyObject spares jsonwebtoken a failed
 * public-key parse on every verify.
 */
export const jwtKeyProvider: FactoryProvider<Promise<KeyObject>> = {
  provide: JWT_KEY,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig): Promise<KeyObject> => {
    if (config.jwt.secret !== undefined) return createSecretKey(Buffer.from(config.jwt.secret));
    const { secret, created } = await readOrCreateSecretFile(config.jwt.secretFile);
    new Logger('Auth').log(
      `JWT_SECRET is unset: signing with the ${created ? 'new ' : ''}random secret in ${config.jwt.secretFile}`,
    );
    return createSecretKey(Buffer.from(secret));
  },
};

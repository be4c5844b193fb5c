import { Global, Module } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import { AppConfig, loadConfig } from './config.schema';

/** The typed configuration, validated once at start; inject it with `@Inject(APP_CONFIG)`. */
export const appConfig = registerAs('app', (): AppConfig => loadConfig(process.env));
export const APP_CONFIG = appConfig.KEY;

@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] })],
  exports: [ConfigModule],
})
export class CoreConfigModule {}

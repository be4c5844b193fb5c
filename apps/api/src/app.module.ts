import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, ClockModule, CoreConfigModule } from '@app/core';
import { DatabaseModule } from '@app/database';
import { AuthHttpModule } from './auth/auth-http.module';
import { BookingsHttpModule } from './bookings/bookings-http.module';
import { HealthModule } from './health/health.module';
import { HttpEdgeModule } from './http/http.module';
import { RoomsHttpModule } from './rooms/rooms-http.module';
import { TeamsHttpModule } from './teams/teams-http.module';
import { UsersHttpModule } from './users/users-http.module';

@Module({
  imports: [
    CoreConfigModule,
    ClockModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          // Fastify assigns req.id (see FASTIFY_OPTIONS.genReqId); pino-http logs it.
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        },
      }),
    }),
    DatabaseModule.forRoot(),
    HttpEdgeModule,
    HealthModule,
    AuthHttpModule,
    RoomsHttpModule,
    UsersHttpModule,
    TeamsHttpModule,
    BookingsHttpModule,
  ],
})
export class AppModule {}

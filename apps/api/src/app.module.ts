import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, ClockModule, CoreConfigModule } from '@app/core';
import { DatabaseModule } from '@app/database';
import { AuditHttpModule } from './audit/audit-http.module';
import { AuthHttpModule } from './auth/auth-http.module';
import { BookingsHttpModule } from './bookings/bookings-http.module';
import { CalendarHttpModule } from './calendar/calendar-http.module';
import { HealthModule } from './health/health.module';
import { HttpEdgeModule } from './http/http.module';
import { loggerParams } from './logging';
import { ReportsHttpModule } from './reports/reports-http.module';
import { PoliciesHttpModule } from './policies/policies-http.module';
import { RoomsHttpModule } from './rooms/rooms-http.module';
import { SitesHttpModule } from './sites/sites-http.module';
import { TeamsHttpModule } from './teams/teams-http.module';
import { UsersHttpModule } from './users/users-http.module';
import { WaitlistHttpModule } from './waitlist/waitlist-http.module';
import { WebhooksHttpModule } from './webhooks/webhooks-http.module';

@Module({
  imports: [
    CoreConfigModule,
    ClockModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loggerParams(config),
    }),
    DatabaseModule.forRoot(),
    HttpEdgeModule,
    HealthModule,
    AuthHttpModule,
    RoomsHttpModule,
    SitesHttpModule,
    UsersHttpModule,
    TeamsHttpModule,
    BookingsHttpModule,
    CalendarHttpModule,
    WaitlistHttpModule,
    ReportsHttpModule,
    PoliciesHttpModule,
    AuditHttpModule,
    WebhooksHttpModule,
  ],
})
export class AppModule {}

import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { getDataSourceToken } from '@nestjs/typeorm';
import { MailModule } from '@techbridge/mail';
import { AppEnv } from '@techbridge/platform';
import type { DataSource } from 'typeorm';
import { AccountClosure } from './account-closure';
import { ActorCache } from './actor-cache';
import { Actors } from './actors';
import { AdminService } from './admin.service';
import { AuditLog } from './audit-log';
import { AuthService } from './auth.service';
import { CredentialsService } from './credentials.service';
import { InvitationsService } from './invitations.service';
import { OrganizationsService } from './organizations.service';
import { PostgresRateLimitStore } from './rate-limit/postgres-rate-limit-store';
import { RATE_LIMIT_STORE } from './rate-limit/rate-limit-store';
import { RateLimiter } from './rate-limit/rate-limiter';
import { RedisRateLimitStore } from './rate-limit/redis-rate-limit-store';
import { MailResends } from './mail-resends';
import { PersonalData } from './personal-data';
import { SessionsService } from './sessions.service';
import { Tokens } from './tokens';

@Module({
  imports: [JwtModule.register({}), MailModule],
  providers: [
    {
      // Redis when configured, so every API replica counts against the same limits; else PostgreSQL.
      provide: RATE_LIMIT_STORE,
      inject: [AppEnv, getDataSourceToken()],
      useFactory: (env: AppEnv, dataSource: DataSource) =>
        env.redisUrl ? new RedisRateLimitStore(env.redisUrl, `${env.queueNamespace}:ratelimit`) : new PostgresRateLimitStore(dataSource),
    },
    RateLimiter,
    Tokens,
    AuditLog,
    ActorCache,
    Actors,
    AuthService,
    CredentialsService,
    OrganizationsService,
    InvitationsService,
    AdminService,
    SessionsService,
    PersonalData,
    AccountClosure,
    MailResends,
  ],
  exports: [Actors, AuditLog, AuthService, CredentialsService, OrganizationsService, InvitationsService, AdminService, RateLimiter, SessionsService, PersonalData, AccountClosure, MailResends],
})
export class AccountsModule {}

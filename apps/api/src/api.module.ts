import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AccountsModule } from '@techbridge/accounts';
import { CatalogModule } from '@techbridge/catalog';
import { ChallengesModule } from '@techbridge/challenges';
import { NotificationsModule } from '@techbridge/notifications';
import { WorkbenchModule } from '@techbridge/workbench';
import { MatchesModule } from '@techbridge/matches';
import { DealsModule } from '@techbridge/deals';
import { DatabaseModule } from '@techbridge/database';
import { EventsModule } from '@techbridge/events';
import { MailModule } from '@techbridge/mail';
import { type AppEnv, PlatformModule } from '@techbridge/platform';
import { QueueModule } from '@techbridge/queue';
import { SystemModule } from '@techbridge/system';
import { AdminBootstrap } from './accounts/admin-bootstrap';
import { AdminController } from './accounts/admin.controller';
import { AuthController } from './accounts/auth.controller';
import { MeController } from './accounts/me.controller';
import { OrganizationsController } from './accounts/organizations.controller';
import { RegionsController } from './accounts/regions.controller';
import { AchievementsController } from './catalog/achievements.controller';
import { DemandsController } from './catalog/demands.controller';
import { AttachmentsController } from './catalog/attachments.controller';
import { BookmarksController } from './catalog/bookmarks.controller';
import { DisclosureRequestsController } from './catalog/disclosure-requests.controller';
import { ImportsController } from './catalog/imports.controller';
import { SubscriptionsController } from './catalog/subscriptions.controller';
import { TaxonomyController } from './catalog/taxonomy.controller';
import { ChallengeApplicationsController } from './challenges/challenge-applications.controller';
import { ChallengeExpertsController } from './challenges/challenge-experts.controller';
import { ExpertPoolController } from './challenges/expert-pool.controller';
import { ChallengeProjectsController } from './challenges/challenge-projects.controller';
import { DealsController } from './deals/deals.controller';
import { EventsController } from './events/events.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { WorkbenchController } from './workbench/workbench.controller';
import { AdminOverviewController } from './workbench/admin-overview.controller';
import { EventMeetingsController } from './events/meetings.controller';
import { EventCalendarsController, EventParticipantsController } from './events/participants.controller';
import { RoadshowController } from './events/roadshow.controller';
import { HealthController } from './health/health.controller';
import { IndexController } from './health/index.controller';
import { MatchesController, MatchingOverviewController, MatchingRebuildsController } from './matches/matches.controller';
import { AuthGuard } from './http/auth.guard';
import { IpRateLimitGuard } from './http/ip-rate-limit.guard';
import { StatisticsController } from './statistics/statistics.controller';
import { SystemPingsController } from './system/system-pings.controller';

@Module({})
export class ApiModule {
  static forRoot(env: AppEnv): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(env, 'api'),
        DatabaseModule.forRoot(env, 'api'),
        QueueModule.forRoot(env),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        AccountsModule,
        MailModule,
        CatalogModule,
        MatchesModule,
        EventsModule,
        ChallengesModule,
        DealsModule,
        SystemModule,
        NotificationsModule,
        WorkbenchModule,
      ],
      controllers: [
        IndexController,
        HealthController,
        AuthController,
        MeController,
        OrganizationsController,
        AdminController,
        RegionsController,
        TaxonomyController,
        DemandsController,
        AchievementsController,
        ImportsController,
        AttachmentsController,
        BookmarksController,
        SubscriptionsController,
        DisclosureRequestsController,
        MatchesController,
        MatchingRebuildsController,
        MatchingOverviewController,
        EventsController,
        EventParticipantsController,
        RoadshowController,
        EventMeetingsController,
        EventCalendarsController,
        NotificationsController,
        WorkbenchController,
        AdminOverviewController,
        ChallengeApplicationsController,
        ChallengeExpertsController,
        ExpertPoolController,
        ChallengeProjectsController,
        DealsController,
        StatisticsController,
        SystemPingsController,
      ],
      // Every route requires a signed-in user unless marked @Public().
      // Authentication, then rate limits (before any pipe, so they count requests whose input is refused;
      // after the actor is known, so signed-in searches count per person).
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_GUARD, useClass: IpRateLimitGuard }, AdminBootstrap],
    };
  }
}

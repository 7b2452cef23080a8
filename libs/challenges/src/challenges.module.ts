import { Module } from '@nestjs/common';
import { AccountsModule } from '@techbridge/accounts';
import { CatalogModule } from '@techbridge/catalog';
import { MailModule } from '@techbridge/mail';
import { ApplicationRecords } from './application-records';
import { ChallengeApplicationsService } from './challenge-applications.service';
import { ChallengeEditGuard } from './challenge-edit-guard';
import { ChallengeExpertsService } from './challenge-experts.service';
import { ChallengeProjectsService } from './challenge-projects.service';
import { ExpertPool } from './expert-pool';
import { MilestoneReminders } from './milestone-reminders';

/** 揭榜挂帅: applications to challenges, their three-stage review, the experts who score them (and the pool they come from), and the awarded projects' progress. */
@Module({
  imports: [AccountsModule, CatalogModule, MailModule],
  providers: [ChallengeApplicationsService, ChallengeEditGuard, ChallengeExpertsService, ChallengeProjectsService, MilestoneReminders, ApplicationRecords, ExpertPool],
  exports: [ChallengeApplicationsService, ChallengeExpertsService, ChallengeProjectsService, MilestoneReminders, ExpertPool],
})
export class ChallengesModule {}

import { Module } from '@nestjs/common';
import { AccountsModule } from '@techbridge/accounts';
import { CatalogModule } from '@techbridge/catalog';
import { ApplicationRecords } from './application-records';
import { ChallengeApplicationsService } from './challenge-applications.service';
import { ChallengeExpertsService } from './challenge-experts.service';

/** 揭榜挂帅: applications to challenges, their three-stage review and the experts who score them. */
@Module({
  imports: [AccountsModule, CatalogModule],
  providers: [ChallengeApplicationsService, ChallengeExpertsService, ApplicationRecords],
  exports: [ChallengeApplicationsService, ChallengeExpertsService],
})
export class ChallengesModule {}

import { Module } from '@nestjs/common';
import { AccountsModule } from '@techbridge/accounts';
import { CatalogModule } from '@techbridge/catalog';
import { ApplicationRecords } from './application-records';
import { ChallengeApplicationsService } from './challenge-applications.service';

/** 揭榜挂帅: applications to challenges and their three-stage review. */
@Module({
  imports: [AccountsModule, CatalogModule],
  providers: [ChallengeApplicationsService, ApplicationRecords],
  exports: [ChallengeApplicationsService],
})
export class ChallengesModule {}

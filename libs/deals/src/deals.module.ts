import { Module } from '@nestjs/common';
import { AccountsModule } from '@techbridge/accounts';
import { CatalogModule } from '@techbridge/catalog';
import { ChallengesModule } from '@techbridge/challenges';
import { MatchesModule } from '@techbridge/matches';
import { CatalogStatistics } from './catalog-statistics';
import { ChallengeStatistics } from './challenge-statistics';
import { ConversionStatistics } from './conversion-statistics';
import { DealStatistics } from './deal-statistics';
import { DealsService } from './deals.service';
import { GroupLabels } from './report-parts';

/** Deals (成交) recorded by the parties, and the statistics organizers read from them, from matches and from 揭榜挂帅. */
@Module({
  imports: [AccountsModule, CatalogModule, ChallengesModule, MatchesModule],
  providers: [DealsService, DealStatistics, ChallengeStatistics, ConversionStatistics, CatalogStatistics, GroupLabels],
  exports: [DealsService, DealStatistics, ChallengeStatistics, ConversionStatistics, CatalogStatistics],
})
export class DealsModule {}

import { Module } from '@nestjs/common';
import { AccountsModule } from '@techbridge/accounts';
import { CatalogModule } from '@techbridge/catalog';
import { ChallengesModule } from '@techbridge/challenges';
import { MatchesModule } from '@techbridge/matches';
import { DealStatistics } from './deal-statistics';
import { DealsService } from './deals.service';

/** Deals (成交) recorded by the parties, and the statistics organizers read from them. */
@Module({
  imports: [AccountsModule, CatalogModule, ChallengesModule, MatchesModule],
  providers: [DealsService, DealStatistics],
  exports: [DealsService, DealStatistics],
})
export class DealsModule {}

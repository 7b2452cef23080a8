import { Module } from '@nestjs/common';
import { AccountsModule } from '@techbridge/accounts';
import { CatalogModule } from '@techbridge/catalog';
import { IdleFollowUps } from './idle-follow-ups';
import { MatchDocuments } from './match-documents';
import { MatchIndex } from './match-index';
import { MatchMessages } from './match-messages';
import { MatchRefresher } from './match-refresher';
import { MatchStore } from './match-store';
import { MatchesService } from './matches.service';
import { MatchingReconciler } from './matching-reconciler';
import { MatchingOverviews } from './matching-overview';
import { MatchingRebuilds } from './matching-rebuilds';
import { RebuildChunks } from './rebuild-chunks';

/** What the API needs: reading and acting on matches, starting and following rebuilds, how current matches are. */
@Module({
  imports: [AccountsModule, CatalogModule],
  providers: [MatchesService, MatchMessages, MatchDocuments, MatchingRebuilds, MatchingOverviews],
  exports: [MatchesService, MatchMessages, MatchDocuments, MatchingRebuilds, MatchingOverviews],
})
export class MatchesModule {}

/** What the worker needs: the in-memory index and everything that computes and stores matches, and the follow-up reminders. */
@Module({
  providers: [MatchIndex, MatchStore, MatchRefresher, RebuildChunks, MatchingReconciler, IdleFollowUps],
  exports: [MatchIndex, MatchStore, MatchRefresher, RebuildChunks, MatchingReconciler, IdleFollowUps],
})
export class MatchingWorkModule {}

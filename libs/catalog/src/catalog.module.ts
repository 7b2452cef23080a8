import { Module } from '@nestjs/common';
import { AttachmentsService } from './attachments/attachments.service';
import { BookmarksService } from './bookmarks.service';
import { ItemViews } from './item-views';
import { CatalogTakedowns } from './moderation/takedowns';
import { AccountsModule } from '@techbridge/accounts';
import { AchievementsService } from './achievements.service';
import { CatalogKinds } from './catalog-kinds';
import { DemandsService } from './demands.service';
import { DisclosureRequestRecords } from './disclosure/disclosure-request-records';
import { DisclosureRequestsService } from './disclosure/disclosure-requests.service';
import { CatalogImports } from './io/catalog-imports';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import { TaxonomyService } from './taxonomy.service';

@Module({
  imports: [AccountsModule],
  providers: [TaxonomyService, DemandsService, AchievementsService, CatalogKinds, CatalogImports, DisclosureRequestRecords, DisclosureRequestsService, SubscriptionsService, AttachmentsService, BookmarksService, ItemViews, CatalogTakedowns],
  exports: [TaxonomyService, DemandsService, AchievementsService, CatalogKinds, CatalogImports, DisclosureRequestsService, SubscriptionsService, AttachmentsService, BookmarksService, ItemViews, CatalogTakedowns],
})
export class CatalogModule {}

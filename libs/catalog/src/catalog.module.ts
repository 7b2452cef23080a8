import { Module } from '@nestjs/common';
import { AccountsModule } from '@techbridge/accounts';
import { AchievementsService } from './achievements.service';
import { DemandsService } from './demands.service';
import { CatalogImports } from './io/catalog-imports';
import { TaxonomyService } from './taxonomy.service';

@Module({
  imports: [AccountsModule],
  providers: [TaxonomyService, DemandsService, AchievementsService, CatalogImports],
  exports: [TaxonomyService, DemandsService, AchievementsService, CatalogImports],
})
export class CatalogModule {}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { Achievement } from '@techbridge/domain';
import { DataSource } from 'typeorm';
import { ACHIEVEMENT_KIND } from './achievement-kind';
import { CatalogItems } from './catalog-items';
import type { AchievementInput } from './rules/inputs';
import { TaxonomyService } from './taxonomy.service';

@Injectable()
export class AchievementsService extends CatalogItems<Achievement, AchievementInput> {
  constructor(@InjectDataSource() dataSource: DataSource, taxonomy: TaxonomyService, audit: AuditLog) {
    super(ACHIEVEMENT_KIND, dataSource, taxonomy, audit);
  }
}

import { Injectable } from '@nestjs/common';
import type { CatalogKind } from '@techbridge/domain';
import { AchievementsService } from './achievements.service';
import type { SomeCatalogItems } from './catalog-items';
import { DemandsService } from './demands.service';

/** The catalogue's use cases for a kind named at run time (a match's side, a request's item, an import). */
@Injectable()
export class CatalogKinds {
  constructor(
    private readonly demands: DemandsService,
    private readonly achievements: AchievementsService,
  ) {}

  of(kind: CatalogKind): SomeCatalogItems {
    return (kind === 'demand' ? this.demands : this.achievements) as unknown as SomeCatalogItems;
  }
}

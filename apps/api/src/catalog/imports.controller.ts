import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CatalogImports } from '@techbridge/catalog';
import type { Actor } from '@techbridge/domain';
import { CurrentActor } from '../http/auth.guard';
import { UuidParam } from '../http/uuid-param';
import { ImportView } from './catalog.views';

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: CatalogImports) {}

  @Get(':id')
  @ApiOperation({ summary: 'Progress and result of a spreadsheet import: counts and every bad row (row, column, reason)' })
  async get(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<ImportView> {
    return ImportView.from(await this.imports.get(actor, id));
  }
}

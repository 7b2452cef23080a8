import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CatalogImports } from '@techbridge/catalog';
import type { Actor } from '@techbridge/domain';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { CurrentActor } from '../http/auth.guard';
import { UuidParam } from '../http/uuid-param';
import { toBoolean } from './catalog-common.dto';
import { ImportView } from './catalog.views';

const TRUE_OR_FALSE = { message: '$property must be true or false' };

/** The flags of a catalogue import: `true` or `false`, false when left out; anything else (`1`, `yes`) is a 400 naming it. */
export class ImportQueryDto {
  @ApiPropertyOptional({ default: false, description: 'validate and count (would create / would update) without writing anything' })
  @IsOptional() @IsBoolean(TRUE_OR_FALSE) @Transform(toBoolean) dryRun?: boolean;

  @ApiPropertyOptional({ default: false, description: 'publish newly created items at once (your organisation must be verified); otherwise they are drafts' })
  @IsOptional() @IsBoolean(TRUE_OR_FALSE) @Transform(toBoolean) publish?: boolean;
}

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

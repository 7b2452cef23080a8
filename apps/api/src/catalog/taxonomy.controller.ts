import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { TaxonomyService } from '@techbridge/catalog';
import { type Actor, ValidationError } from '@techbridge/domain';
import { IsBoolean, IsOptional, IsString, MinLength } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { CurrentActor, Public, RequireRole } from '../http/auth.guard';

class FieldDto {
  @ApiProperty({ maxLength: 60 }) @MaxLength(60) @MinLength(1) @IsString() label: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

class ChainDto extends FieldDto {
  @ApiProperty() @MaxLength(40) @IsString() fieldCode: string;
}

class TaxonomyView {
  @ApiProperty() fields: Array<{ code: string; label: string; active: boolean }>;
  @ApiProperty() chains: Array<{ code: string; label: string; fieldCode: string; active: boolean }>;
}

const codeParam = (code: string): string => {
  if (!/^[a-z][a-z0-9_]{1,39}$/.test(code)) throw ValidationError.of('code', 'matches', 'code must be 2–40 lower-case letters, digits or _');
  return code;
};

@ApiTags('reference')
@Controller()
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Get('taxonomy')
  @Public()
  @ApiOperation({ summary: '技术领域 (fields) and 产业链 (industry chains): the codes items are classified by' })
  async list(): Promise<TaxonomyView> {
    const { fields, chains } = await this.taxonomy.list();
    return {
      fields: fields.map(({ code, label, active }) => ({ code, label, active })),
      chains: chains.map(({ code, label, fieldCode, active }) => ({ code, label, fieldCode, active })),
    };
  }

  @Put('admin/taxonomy/fields/:code')
  @ApiBearerAuth()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Create or rename a field, or deactivate it (existing items keep it)' })
  async putField(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: FieldDto) {
    const { label, active } = await this.taxonomy.putField(actor, codeParam(code), body);
    return { code, label, active };
  }

  @Put('admin/taxonomy/chains/:code')
  @ApiBearerAuth()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Create or change an industry chain' })
  async putChain(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: ChainDto) {
    const { label, fieldCode, active } = await this.taxonomy.putChain(actor, codeParam(code), body);
    return { code, label, fieldCode, active };
  }
}

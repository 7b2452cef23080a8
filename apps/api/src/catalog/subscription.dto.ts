import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_CRITERIA } from '@techbridge/catalog';
import type { CatalogKind, CatalogSubscription } from '@techbridge/domain';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { RejectsNull } from '../http/validation';

@RejectsNull()
export class CreateSubscriptionDto {
  @ApiProperty({ enum: ['demand', 'achievement'], description: 'hear of new demands or of new achievements' })
  @IsIn(['demand', 'achievement'])
  kind: CatalogKind;

  @ApiPropertyOptional({ type: [String], description: `技术领域 codes (at most ${MAX_CRITERIA}); none: any field` })
  @IsOptional()
  @ArrayMaxSize(MAX_CRITERIA)
  @MaxLength(40, { each: true })
  @IsString({ each: true })
  @IsArray()
  fieldCodes?: string[];

  @ApiPropertyOptional({ type: [String], description: `words, any of which the title or keywords hold (at most ${MAX_CRITERIA}); none: any words`, example: ['轴承'] })
  @IsOptional()
  @ArrayMaxSize(MAX_CRITERIA)
  @MaxLength(30, { each: true })
  @IsString({ each: true })
  @IsArray()
  keywords?: string[];

  @ApiPropertyOptional({ description: '2, 4 or 6 digits of a GB/T 2260 code (a province, a city or a district); none: anywhere', example: '2102' })
  @IsOptional()
  @MaxLength(6)
  @IsString()
  regionPrefix?: string;
}

export class SubscriptionView {
  @ApiProperty() id: string;
  @ApiProperty() organizationId: string;
  @ApiProperty({ enum: ['demand', 'achievement'] }) kind: string;
  @ApiProperty({ type: [String] }) fieldCodes: string[];
  @ApiProperty({ type: [String] }) keywords: string[];
  @ApiProperty({ nullable: true, type: String }) regionPrefix: string | null;
  @ApiProperty() createdAt: Date;

  static from(s: CatalogSubscription): SubscriptionView {
    const { id, organizationId, kind, fieldCodes, keywords, regionPrefix, createdAt } = s;
    return { id, organizationId, kind, fieldCodes, keywords, regionPrefix, createdAt };
  }
}

import { CATALOG_LIMITS as L } from '@techbridge/catalog';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { DEMAND_STATUSES, MaturityStages, type MaturityStage } from '@techbridge/domain';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNumber, IsObject, IsOptional, IsString, Matches, Min, MinLength, ValidateNested } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { AmountDto, CatalogItemDto, CatalogQueryDto, DATE, toBoolean, toNumber } from './catalog-common.dto';
import { CommaList, RejectsNull } from '../http/validation';
import { ReadVersion } from '../http/read-version';
import { SpreadsheetFormat } from '../http/spreadsheet-download';

const NEEDED_STAGES = MaturityStages.codes.filter((s) => s !== 'laboratory');

@RejectsNull()
export class ChallengeDto {
  @ApiProperty({ description: '揭榜挂帅 reward, 万元 (more than 0, at most two decimals)' }) @Min(0) @IsNumber() rewardWan: number;
  @ApiProperty({ example: '2027-06-30' }) @Matches(DATE, { message: 'challenge.deadline must be a date YYYY-MM-DD' }) @IsString() deadline: string;
  @ApiProperty({ maxLength: L.evaluationPlan.max }) @MaxLength(L.evaluationPlan.max) @MinLength(L.evaluationPlan.min) @IsString() evaluationPlan: string;
}

export class CreateDemandDto extends CatalogItemDto {
  @ApiProperty({ maxLength: L.description.max, description: '拟解决的技术难题' }) @MaxLength(L.description.max) @MinLength(L.description.min) @IsString() description: string;

  @ApiPropertyOptional({ type: [String], description: '技术指标: target figures, one per entry' })
  @IsOptional() @ArrayMaxSize(L.indicators.items) @MaxLength(L.indicators.max, { each: true }) @IsString({ each: true }) @IsArray() indicators?: string[];

  @ApiPropertyOptional({ maxLength: L.existingBasis.max, nullable: true, description: '现有基础条件' }) @IsOptional() @MaxLength(L.existingBasis.max) @IsString() existingBasis?: string | null;

  @ApiProperty({ type: AmountDto, description: 'budget in 万元, or negotiable (面议)' }) @ValidateNested() @IsObject() @Type(() => AmountDto) budget: AmountDto;

  @ApiProperty({ enum: NEEDED_STAGES, description: 'the maturity the enterprise needs' }) @IsIn(NEEDED_STAGES) desiredStage: MaturityStage;

  @ApiPropertyOptional({ description: 'prefers a partner in its own region (本地转化)' }) @IsOptional() @IsBoolean() localPreference?: boolean;

  @ApiProperty({ example: '2027-12-31', description: '有效期: the last valid day, today or later' }) @Matches(DATE, { message: 'validUntil must be a date YYYY-MM-DD' }) @IsString() validUntil: string;

  @ApiPropertyOptional({ type: ChallengeDto, nullable: true, description: 'makes it a 揭榜挂帅 challenge; null makes it an ordinary demand again' }) @IsOptional() @ValidateNested() @IsObject() @Type(() => ChallengeDto) challenge?: ChallengeDto | null;
}

@RejectsNull()
export class UpdateDemandDto extends PartialType(CreateDemandDto) {
  @ReadVersion({ required: true }) version: number;
}

export class DemandQueryDto extends CatalogQueryDto {
  @ApiPropertyOptional({ enum: DEMAND_STATUSES, isArray: true, description: 'comma-separated' })
  @IsOptional() @IsIn(DEMAND_STATUSES, { each: true }) @CommaList() status?: string[];
  @ApiPropertyOptional({ description: 'budget overlaps from (万元)' }) @IsOptional() @Min(0) @IsNumber() @Transform(toNumber) budgetMin?: number;
  @ApiPropertyOptional({ description: 'budget overlaps up to (万元)' }) @IsOptional() @Min(0) @IsNumber() @Transform(toNumber) budgetMax?: number;
  @ApiPropertyOptional({ enum: NEEDED_STAGES }) @IsOptional() @IsIn(NEEDED_STAGES) desiredStage?: string;
  @ApiPropertyOptional({ description: '揭榜挂帅 challenges only' }) @IsOptional() @IsBoolean() @Transform(toBoolean) challengeOnly?: boolean;
}

export class DemandExportQueryDto extends DemandQueryDto {
  @SpreadsheetFormat() format: 'csv' | 'xlsx' = 'xlsx';
}

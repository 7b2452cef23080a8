import { applyDecorators } from '@nestjs/common';
import { CATALOG_LIMITS as L } from '@techbridge/catalog';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CooperationModes, type CooperationMode, Visibilities, type Visibility } from '@techbridge/domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNumber, IsOptional, IsString, IsUUID, Matches, Min, MinLength } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { PageQuery } from '../http/pagination';
import { RejectsNull } from '../http/validation';
import { ReadVersion } from '../http/read-version';

export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const toBoolean = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);
export const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

/** 万元: a range, one figure, or 面议 (negotiable); at most two decimals (checked with the catalogue's rules: 400 `decimals`). */
@RejectsNull()
export class AmountDto {
  @ApiPropertyOptional({ example: 50, nullable: true, description: '万元, at most two decimals' }) @IsOptional() @Min(0) @IsNumber() minWan?: number | null;
  @ApiPropertyOptional({ example: 120, nullable: true, description: '万元, at most two decimals' }) @IsOptional() @Min(0) @IsNumber() maxWan?: number | null;
  @ApiPropertyOptional({ description: '面议: no figures' }) @IsOptional() @IsBoolean() negotiable?: boolean;
}

/** Fields both kinds share, with the same limits. */
@RejectsNull()
export class CatalogItemDto {
  @ApiPropertyOptional({ maxLength: L.externalRef.max, nullable: true, description: 'your own reference (spreadsheet row id); unique within your organisation; trimmed, and blank (or null) means none: on update, clears it' })
  @IsOptional() @MaxLength(L.externalRef.max) @IsString() externalRef?: string | null;

  @ApiProperty({ maxLength: L.title.max }) @MaxLength(L.title.max) @MinLength(L.title.min) @IsString() title: string;

  @ApiPropertyOptional({ maxLength: L.neutralTitle.max, nullable: true, description: 'what others see of a confidential item; default (and null): 〈field〉领域技术需求/科技成果' })
  @IsOptional() @MaxLength(L.neutralTitle.max) @IsString() neutralTitle?: string | null;

  @ApiProperty({ description: 'taxonomy field code (GET /api/v1/taxonomy)', example: 'equipment' }) @MaxLength(L.fieldCode.max) @IsString() fieldCode: string;

  @ApiPropertyOptional({ type: [String], example: ['bearings_and_parts'] })
  @IsOptional() @ArrayMaxSize(L.chainCodes.items) @MaxLength(L.chainCodes.max, { each: true }) @IsString({ each: true }) @IsArray() chainCodes?: string[];

  @ApiPropertyOptional({ type: [String], example: ['轴承', '振动监测'] })
  @IsOptional() @ArrayMaxSize(L.keywords.items) @MaxLength(L.keywords.max, { each: true }) @IsString({ each: true }) @IsArray() keywords?: string[];

  @ApiProperty({ enum: CooperationModes.codes, isArray: true })
  @ArrayMaxSize(L.cooperationModes.items) @ArrayMinSize(1) @IsIn(CooperationModes.codes, { each: true }) @IsArray() cooperationModes: CooperationMode[];

  @ApiProperty({ description: 'GB/T 2260 code', example: '210211' }) @Matches(/^\d{6}$/, { message: 'regionCode must be a 6-digit GB/T 2260 code' }) @IsString() regionCode: string;

  @ApiProperty({ enum: Visibilities.codes }) @IsIn(Visibilities.codes) visibility: Visibility;
}

@RejectsNull()
export class VersionDto {
  @ReadVersion({ required: false }) version?: number;
}

/** A lifecycle step's body: the version read, and what the step may change with it. */
export class TransitionDto extends VersionDto {
  @ApiPropertyOptional({ example: '2027-03-31', description: 'resume of a 揭榜挂帅 challenge only: its new deadline (today or later, China time: the last day applications are taken; within validUntil; at most 365 days ahead), reopening applications' })
  @IsOptional() @Matches(DATE, { message: 'deadline must be a date YYYY-MM-DD' }) @IsString() deadline?: string;
}

export class DisclosureView {
  @ApiProperty() organizationId: string;
  @ApiProperty() grantedBy: string;
  @ApiProperty() grantedAt: Date;
}

/** Filters both kinds accept. Text and hidden-field filters never match hidden details of confidential items. */
/** An optional `regionPrefix` query parameter: a province (21), a city (2102) or a district, as GB/T 2260 codes begin. */
export const RegionPrefix = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ description: 'GB/T 2260 prefix: 21 (province), 2102 (city) or a district code' }),
    IsOptional(),
    Matches(/^\d{2}(\d{2}(\d{2})?)?$/, { message: 'regionPrefix must be 2, 4 or 6 digits of a GB/T 2260 code' }),
  );

export class CatalogQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'Chinese or mixed text, segmented like the catalogue' }) @IsOptional() @MaxLength(200) @IsString() q?: string;
  @ApiPropertyOptional() @IsOptional() @MaxLength(40) @IsString() fieldCode?: string;
  @ApiPropertyOptional() @IsOptional() @MaxLength(40) @IsString() chainCode?: string;
  @RegionPrefix() regionPrefix?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ enum: CooperationModes.codes }) @IsOptional() @IsIn(CooperationModes.codes) cooperationMode?: string;
  @ApiPropertyOptional({ enum: ['relevance', 'newest', 'updated'] }) @IsOptional() @IsIn(['relevance', 'newest', 'updated']) sort?: 'relevance' | 'newest' | 'updated';
}

export class TakedownDto {
  @ApiProperty({ minLength: 2, maxLength: 500, example: '专利权属存在争议，权利人已投诉' })
  @MaxLength(500) @MinLength(2) @IsString() reason: string;
}

import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATALOG_GROUPINGS, type CatalogGrouping, CHALLENGE_GROUPINGS, type ChallengeGrouping, CONVERSION_GROUPINGS, type ConversionGrouping, DEAL_GROUPINGS, type DealGrouping } from '@techbridge/deals';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { DATE } from '../catalog/catalog-common.dto';
import { SpreadsheetFormat } from '../http/spreadsheet-download';

/** A period of China calendar days, both ends counted. */
class PeriodQueryDto {
  @ApiProperty({ example: '2026-01-01', description: 'first day counted (China time)' })
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  @IsString()
  from: string;

  @ApiProperty({ example: '2026-12-31', description: 'last day counted' })
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  @IsString()
  to: string;

  @ApiPropertyOptional({ example: '2101', description: 'only this province, city or district (2, 4 or 6 digits of a GB/T 2260 code), by the report’s region; groupBy=region then gives the level below' })
  @IsOptional()
  @Matches(/^(\d{2}|\d{4}|\d{6})$/, { message: 'regionPrefix must be 2, 4 or 6 digits of a GB/T 2260 code' })
  @IsString()
  regionPrefix?: string;
}

/** How a report's groups are formed: one of its groupings, by field unless asked. */
const GroupBy = (groupings: readonly string[], description: string): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ enum: groupings, default: 'field', description }), IsOptional(), IsIn(groupings));

/** Deals whose signing day lies in the period. */
export class DealStatisticsQueryDto extends PeriodQueryDto {
  @GroupBy(DEAL_GROUPINGS, 'region is the buyer’s city, where the technology is taken up')
  groupBy: DealGrouping = 'field';
}

/** Items published in the period, and those open today. */
export class CatalogStatisticsQueryDto extends PeriodQueryDto {
  @GroupBy(CATALOG_GROUPINGS, 'region is the item’s own city')
  groupBy: CatalogGrouping = 'field';
}

export class CatalogStatisticsExportDto extends CatalogStatisticsQueryDto {
  @SpreadsheetFormat() format: 'csv' | 'xlsx' = 'xlsx';
}

/** Challenges published in the period. */
export class ChallengeStatisticsQueryDto extends PeriodQueryDto {
  @GroupBy(CHALLENGE_GROUPINGS, 'region is the challenge owner’s city')
  groupBy: ChallengeGrouping = 'field';
}

/** Matches first followed up in the period. */
export class ConversionStatisticsQueryDto extends PeriodQueryDto {
  @GroupBy(CONVERSION_GROUPINGS, 'region is the demand owner’s city; event counts a pair at each 对接会 where it asked to meet')
  groupBy: ConversionGrouping = 'field';
}

/** The same reports as a table to paste into a 报告: a row per group, then the total. */
export class DealStatisticsExportDto extends DealStatisticsQueryDto {
  @SpreadsheetFormat() format: 'csv' | 'xlsx' = 'xlsx';
}

export class ChallengeStatisticsExportDto extends ChallengeStatisticsQueryDto {
  @SpreadsheetFormat() format: 'csv' | 'xlsx' = 'xlsx';
}

export class ConversionStatisticsExportDto extends ConversionStatisticsQueryDto {
  @SpreadsheetFormat() format: 'csv' | 'xlsx' = 'xlsx';
}

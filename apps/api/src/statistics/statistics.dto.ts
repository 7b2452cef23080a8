import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHALLENGE_GROUPINGS, type ChallengeGrouping, CONVERSION_GROUPINGS, type ConversionGrouping, DEAL_GROUPINGS, type DealGrouping } from '@techbridge/deals';
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
}

/** Deals whose signing day lies in the period. */
export class DealStatisticsQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ enum: DEAL_GROUPINGS, default: 'field', description: 'region is the buyer’s city, where the technology is taken up' })
  @IsOptional()
  @IsIn(DEAL_GROUPINGS)
  groupBy: DealGrouping = 'field';
}

/** Challenges published in the period. */
export class ChallengeStatisticsQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ enum: CHALLENGE_GROUPINGS, default: 'field', description: 'region is the challenge owner’s city' })
  @IsOptional()
  @IsIn(CHALLENGE_GROUPINGS)
  groupBy: ChallengeGrouping = 'field';
}

/** Matches first followed up in the period. */
export class ConversionStatisticsQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ enum: CONVERSION_GROUPINGS, default: 'field', description: 'region is the demand owner’s city; event counts a pair at each 对接会 where it asked to meet' })
  @IsOptional()
  @IsIn(CONVERSION_GROUPINGS)
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

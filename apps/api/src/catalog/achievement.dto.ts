import { CATALOG_LIMITS as L } from '@techbridge/catalog';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ACHIEVEMENT_STATUSES, IpKinds, type IpKind, MaturityStages, type MaturityStage } from '@techbridge/domain';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Max, Min, MinLength, ValidateNested } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { AmountDto, CatalogItemDto, CatalogQueryDto, toNumber } from './catalog-common.dto';
import { CommaList, RejectsNull } from '../http/validation';
import { ReadVersion } from '../http/read-version';
import { SpreadsheetFormat } from '../http/spreadsheet-download';

@RejectsNull()
export class IpRightDto {
  @ApiProperty({ enum: IpKinds.codes }) @IsIn(IpKinds.codes) kind: IpKind;
  @ApiPropertyOptional({ nullable: true, description: 'CNIPA number (e.g. ZL202110123456.7) or software copyright number (2021SR0123456); none for 技术秘密' })
  @IsOptional() @MaxLength(L.ipNumber.max) @IsString() number?: string | null;
  @ApiProperty({ enum: ['applied', 'granted'] }) @IsIn(['applied', 'granted']) status: 'applied' | 'granted';
  @ApiPropertyOptional({ maxLength: L.ipTitle.max, nullable: true }) @IsOptional() @MaxLength(L.ipTitle.max) @IsString() title?: string | null;
}

export class CreateAchievementDto extends CatalogItemDto {
  @ApiProperty({ maxLength: L.summary.max }) @MaxLength(L.summary.max) @MinLength(L.summary.min) @IsString() summary: string;

  @ApiPropertyOptional({ type: [String], description: '创新点' })
  @IsOptional() @ArrayMaxSize(L.innovationPoints.items) @MaxLength(L.innovationPoints.max, { each: true }) @IsString({ each: true }) @IsArray() innovationPoints?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional() @ArrayMaxSize(L.applicationScenarios.items) @MaxLength(L.applicationScenarios.max, { each: true }) @IsString({ each: true }) @IsArray() applicationScenarios?: string[];

  @ApiProperty({ minimum: 1, maximum: 9, description: 'technology readiness level (GB/T 22900), consistent with the stage' })
  @Max(9) @Min(1) @IsInt() trl: number;

  @ApiProperty({ enum: MaturityStages.codes }) @IsIn(MaturityStages.codes) stage: MaturityStage;

  @ApiPropertyOptional({ type: [IpRightDto] }) @IsOptional() @ArrayMaxSize(L.ipRights.items) @ValidateNested({ each: true }) @Type(() => IpRightDto) @IsArray() ipRights?: IpRightDto[];

  @ApiProperty({ type: AmountDto, description: 'price in 万元, or negotiable (面议)' }) @ValidateNested() @IsObject() @Type(() => AmountDto) price: AmountDto;

  @ApiProperty({ maxLength: L.teamLead.max, example: '王立新 教授' }) @MaxLength(L.teamLead.max) @MinLength(L.teamLead.min) @IsString() teamLead: string;
}

@RejectsNull()
export class UpdateAchievementDto extends PartialType(CreateAchievementDto) {
  @ReadVersion({ required: true }) version: number;
}

export class AchievementQueryDto extends CatalogQueryDto {
  @ApiPropertyOptional({ enum: ACHIEVEMENT_STATUSES, isArray: true, description: 'comma-separated' })
  @IsOptional() @IsIn(ACHIEVEMENT_STATUSES, { each: true }) @CommaList() status?: string[];
  @ApiPropertyOptional({ description: 'price overlaps from (万元)' }) @IsOptional() @Min(0) @IsNumber() @Transform(toNumber) priceMin?: number;
  @ApiPropertyOptional({ description: 'price overlaps up to (万元)' }) @IsOptional() @Min(0) @IsNumber() @Transform(toNumber) priceMax?: number;
  @ApiPropertyOptional({ enum: MaturityStages.codes }) @IsOptional() @IsIn(MaturityStages.codes) stage?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 9 }) @IsOptional() @Max(9) @Min(1) @IsInt() @Transform(toNumber) trlMin?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 9 }) @IsOptional() @Max(9) @Min(1) @IsInt() @Transform(toNumber) trlMax?: number;
}

export class AchievementExportQueryDto extends AchievementQueryDto {
  @SpreadsheetFormat() format: 'csv' | 'xlsx' = 'xlsx';
}

import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { MAX_MILESTONES } from '@techbridge/challenges';
import { ApplicationStatuses, type ApplicationStatus, ReviewStages, type ReviewStage } from '@techbridge/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, Min, MinLength, ValidateNested } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { DATE } from '../catalog/catalog-common.dto';
import { PageQuery } from '../http/pagination';
import { ReadVersion } from '../http/read-version';
import { SpreadsheetFormat } from '../http/spreadsheet-download';
import { CommaList, RejectsNull } from '../http/validation';

const MAX_BUDGET_WAN = 1e7;
const NOT_BLANK = /\S/;

@RejectsNull()
export class MilestoneDto {
  @ApiProperty({ example: '2027-06-30', description: 'the day this step is delivered' })
  @Matches(DATE, { message: 'dueOn must be a date YYYY-MM-DD' })
  @IsString()
  dueOn: string;

  @ApiProperty({ maxLength: 200, example: '完成中试样机并通过第三方检测' })
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: 'deliverable must not be blank' })
  @IsString()
  deliverable: string;
}

/** 揭榜申请: the team, the proposal, the money asked for and the plan. */
@RejectsNull()
export class ApplyDto {
  @ApiProperty({ maxLength: 60, description: '揭榜团队负责人' })
  @MaxLength(60)
  @Matches(NOT_BLANK, { message: 'teamLead must not be blank' })
  @IsString()
  teamLead: string;

  @ApiPropertyOptional({ type: [String], maxItems: 30, description: 'the other members of the team' })
  @IsOptional()
  @ArrayMaxSize(30)
  @MaxLength(60, { each: true })
  @IsString({ each: true })
  @IsArray()
  teamMembers?: string[];

  @ApiProperty({ maxLength: 5000, description: '技术方案: how the team will meet the challenge’s indicators' })
  @MaxLength(5000)
  @MinLength(20)
  @Matches(NOT_BLANK, { message: 'proposal must not be blank' })
  @IsString()
  proposal: string;

  @ApiProperty({ minimum: 0, maximum: MAX_BUDGET_WAN, description: '申请经费 (万元)' })
  @Max(MAX_BUDGET_WAN)
  @Min(0)
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  budgetWan: number;

  @ApiProperty({ type: [MilestoneDto], minItems: 1, maxItems: MAX_MILESTONES, description: '进度安排, in date order' })
  @ArrayMaxSize(MAX_MILESTONES)
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  @IsArray()
  milestones: MilestoneDto[];

  @ApiPropertyOptional({ description: 'your own achievement the proposal builds on' })
  @IsOptional()
  @IsUUID()
  achievementId?: string;
}

@RejectsNull()
export class AmendApplicationDto extends PartialType(ApplyDto) {
  @ReadVersion({ required: true }) version: number;
}

@RejectsNull()
export class ReviewDto {
  @ApiProperty({ enum: ReviewStages.codes, description: 'the stage scored: the application’s current one (409 `stage_closed` once it has moved on)' })
  @IsIn(ReviewStages.codes)
  stage: ReviewStage;

  @ApiProperty({ minimum: 0, maximum: 100, description: 'the reviewer’s score at that stage' })
  @Max(100)
  @Min(0)
  @IsInt()
  score: number;

  @ApiPropertyOptional({ maxLength: 2000, description: '评审意见 (seen by the reviewing side, not by the applicant)' })
  @IsOptional()
  @MaxLength(2000)
  @IsString()
  comment?: string;

  @ReadVersion({ required: false })
  version?: number;
}

@RejectsNull()
export class ApplicationActionDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'shown to the applicant; required to reject' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  note?: string;

  @ReadVersion({ required: false })
  version?: number;
}

export class ApplicationListQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'the applications to one challenge' })
  @IsOptional()
  @IsUUID()
  demandId?: string;

  @ApiPropertyOptional({ enum: ApplicationStatuses.codes, isArray: true, description: 'comma-separated' })
  @IsOptional()
  @IsIn(ApplicationStatuses.codes, { each: true })
  @CommaList()
  status?: ApplicationStatus[];

  @ApiPropertyOptional({ enum: ReviewStages.codes, isArray: true, description: 'comma-separated' })
  @IsOptional()
  @IsIn(ReviewStages.codes, { each: true })
  @CommaList()
  stage?: ReviewStage[];
}

export class ApplicationExportQueryDto extends ApplicationListQueryDto {
  @SpreadsheetFormat()
  format: 'csv' | 'xlsx' = 'xlsx';
}

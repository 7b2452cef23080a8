import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_MILESTONES, ProjectStates, type ProjectState } from '@techbridge/challenges';
import { MilestoneReportKinds, type MilestoneReportKind } from '@techbridge/domain';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { DATE } from '../catalog/catalog-common.dto';
import { PageQuery } from '../http/pagination';
import { SpreadsheetFormat } from '../http/spreadsheet-download';
import { CommaList, RejectsNull } from '../http/validation';

const NOT_BLANK = /\S/;

@RejectsNull()
export class MilestoneReportDto {
  @ApiProperty({ minimum: 1, maximum: MAX_MILESTONES, description: 'the milestone’s position in the application’s plan, from 1' })
  @Max(MAX_MILESTONES)
  @Min(1)
  @IsInt()
  milestone: number;

  @ApiProperty({ enum: MilestoneReportKinds.codes, description: 'progress (进展), delay (延期, with revisedDueOn) or completion (完成, for the owner to accept)' })
  @IsIn(MilestoneReportKinds.codes)
  kind: MilestoneReportKind;

  @ApiProperty({ maxLength: 2000, description: 'what progressed, why it is late, or what was delivered' })
  @MaxLength(2000)
  @Matches(NOT_BLANK, { message: 'note must not be blank' })
  @IsString()
  note: string;

  @ApiPropertyOptional({ example: '2027-09-30', description: 'for a delay: the day the milestone is now due' })
  @IsOptional()
  @Matches(DATE, { message: 'revisedDueOn must be a date YYYY-MM-DD' })
  @IsString()
  revisedDueOn?: string;
}

@RejectsNull()
export class MilestoneDecisionDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'shown to the team; required to return a completion' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  note?: string;
}

@RejectsNull()
export class ProjectTerminationDto {
  @ApiProperty({ maxLength: 1000, description: 'why the project is terminated (项目终止): shown to the team and in the ledger' })
  @MaxLength(1000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @IsString()
  reason: string;
}

export class ProjectLedgerQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'the projects of one challenge' })
  @IsOptional()
  @IsUUID()
  demandId?: string;

  @ApiPropertyOptional({ enum: ProjectStates.codes, isArray: true, description: 'comma-separated: on_track, overdue, completed, terminated' })
  @IsOptional()
  @IsIn(ProjectStates.codes, { each: true })
  @CommaList()
  state?: ProjectState[];
}

export class ProjectExportQueryDto extends ProjectLedgerQueryDto {
  @SpreadsheetFormat()
  format: 'csv' | 'xlsx' = 'xlsx';
}

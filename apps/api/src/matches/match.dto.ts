import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FEEDBACK_VERDICTS, type FeedbackVerdict, MATCH_MESSAGE_MAX, MATCH_STATES, type MatchState } from '@techbridge/domain';
import { ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { PageQuery } from '../http/pagination';
import { CommaList, RejectsNull } from '../http/validation';
import { ReadVersion } from '../http/read-version';
import { SpreadsheetFormat } from '../http/spreadsheet-download';

export class MatchListQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: MATCH_STATES, isArray: true, description: 'comma-separated; default every state but dismissed' })
  @IsOptional()
  @IsIn(MATCH_STATES, { each: true })
  @CommaList()
  state?: MatchState[];
}

export class MatchPipelineQueryDto extends MatchListQueryDto {
  @ApiPropertyOptional({ enum: ['demand', 'achievement'], description: 'only the matches of your demands, or of your achievements' })
  @IsOptional()
  @IsIn(['demand', 'achievement'])
  side?: 'demand' | 'achievement';

  @ApiPropertyOptional({ description: 'one organisation you act for (admins: any); default the one in X-Acting-Organization, else all of them' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ enum: ['score', 'changed'], default: 'score', description: 'best score first, or the latest action first' })
  @IsOptional()
  @IsIn(['score', 'changed'])
  sort?: 'score' | 'changed';
}

export class MatchPipelineExportQueryDto extends MatchPipelineQueryDto {
  @SpreadsheetFormat() format: 'csv' | 'xlsx' = 'xlsx';
}

@RejectsNull()
export class MatchFeedbackDto {
  @ApiProperty({ enum: FEEDBACK_VERDICTS })
  @IsIn(FEEDBACK_VERDICTS)
  verdict: FeedbackVerdict;

  @ApiPropertyOptional({ maxLength: 500, description: 'why (kept for tuning the weights)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

@RejectsNull()
export class MatchActionDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'required to dismiss' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ReadVersion({ required: false })
  version?: number;
}

@RejectsNull()
export class MatchMessageDto {
  @ApiProperty({ maxLength: MATCH_MESSAGE_MAX, description: 'what you write to the other side (not blank)' })
  @IsString()
  @MaxLength(MATCH_MESSAGE_MAX)
  body: string;
}

@RejectsNull()
export class StartRebuildDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100, description: 'items per chunk (one job each)' })
  @IsOptional()
  @Max(1000)
  @Min(1)
  @IsInt()
  chunkSize?: number;

  @ApiPropertyOptional({ enum: ['demand', 'achievement'], isArray: true, description: 'which kinds to recompute (default both)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(['demand', 'achievement'], { each: true })
  kinds?: Array<'demand' | 'achievement'>;
}

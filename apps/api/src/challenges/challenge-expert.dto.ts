import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ExpertRecord, ReviewAssignment } from '@techbridge/challenges';
import { ReviewStages, type ReviewStage } from '@techbridge/domain';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { RejectsNull } from '../http/validation';

@RejectsNull()
export class ExpertStagesDto {
  @ApiProperty({ enum: ReviewStages.codes, isArray: true, description: 'the stages the expert scores at' })
  @ArrayMaxSize(3)
  @ArrayMinSize(1)
  @IsIn(ReviewStages.codes, { each: true })
  @IsArray()
  stages: ReviewStage[];
}

/** From the expert pool only: an e-mail never names an account here (the pool never reveals one). */
@RejectsNull()
export class AppointExpertDto {
  @ApiProperty({ description: 'the expert’s user id, as the expert pool (GET /api/v1/experts) lists it' })
  @IsUUID()
  userId: string;

  @ApiPropertyOptional({ enum: ReviewStages.codes, isArray: true, description: 'the stages the expert scores at (default: all three)' })
  @IsOptional()
  @ArrayMaxSize(3)
  @ArrayMinSize(1)
  @IsIn(ReviewStages.codes, { each: true })
  @IsArray()
  stages?: ReviewStage[];
}

export class ExpertView {
  @ApiProperty() userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ nullable: true, type: String }) organizationName: string | null;
  @ApiProperty({ enum: ReviewStages.codes, isArray: true }) stages: string[];
  @ApiProperty({ type: [String] }) stageLabels: string[];
  @ApiProperty() appointedAt: Date;

  static from({ expert, user, organizationName }: ExpertRecord): ExpertView {
    return {
      userId: user.id,
      displayName: user.displayName,
      organizationName,
      stages: expert.stages,
      stageLabels: expert.stages.map(ReviewStages.label),
      appointedAt: expert.createdAt,
    };
  }
}

class AssignedChallengeView {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'a confidential challenge shows its neutral title' }) title: string;
}

export class ReviewAssignmentView {
  @ApiProperty({ type: AssignedChallengeView }) challenge: AssignedChallengeView;
  @ApiProperty({ enum: ReviewStages.codes, isArray: true }) stages: string[];
  @ApiProperty({ type: [String] }) stageLabels: string[];
  @ApiProperty() appointedAt: Date;
  @ApiProperty({ description: 'applications under review at one of these stages that you have not scored there yet' }) awaitingScore: number;

  static from(a: ReviewAssignment): ReviewAssignmentView {
    return { challenge: a.challenge, stages: a.stages, stageLabels: a.stages.map(ReviewStages.label), appointedAt: a.appointedAt, awaitingScore: a.awaitingScore };
  }
}

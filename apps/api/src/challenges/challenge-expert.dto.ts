import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ExpertRecord, ReviewAssignment } from '@techbridge/challenges';
import { ReviewStages, type ReviewStage } from '@techbridge/domain';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsOptional, MaxLength } from 'class-validator';
import { RejectsNull, trim } from '../http/validation';

@RejectsNull()
export class ExpertStagesDto {
  @ApiProperty({ enum: ReviewStages.codes, isArray: true, description: 'the stages the expert scores at' })
  @ArrayMaxSize(3)
  @ArrayMinSize(1)
  @IsIn(ReviewStages.codes, { each: true })
  @IsArray()
  stages: ReviewStage[];
}

@RejectsNull()
export class AppointExpertDto {
  @ApiProperty({ description: 'the e-mail of the expert’s account', example: 'li.professor@example.edu.cn' })
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Transform(trim)
  email: string;

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
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) organizationName: string | null;
  @ApiProperty({ enum: ReviewStages.codes, isArray: true }) stages: string[];
  @ApiProperty({ type: [String] }) stageLabels: string[];
  @ApiProperty() appointedAt: Date;

  static from({ expert, user, organizationName }: ExpertRecord): ExpertView {
    return {
      userId: user.id,
      displayName: user.displayName,
      email: user.email,
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

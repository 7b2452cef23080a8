import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ExpertRecord, ReviewAssignment } from '@techbridge/challenges';
import { ReviewStages, type ReviewStage, ValidationError } from '@techbridge/domain';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsOptional, IsUUID } from 'class-validator';
import { MaxLength } from '../http/max-length';
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
  @ApiPropertyOptional({ description: 'the e-mail of the expert’s account (or give userId)', example: 'li.professor@example.edu.cn' })
  @IsOptional()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Transform(trim)
  email?: string;

  @ApiPropertyOptional({ description: 'the expert’s user id, as the expert pool (GET /api/v1/experts) lists it (or give email)' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ enum: ReviewStages.codes, isArray: true, description: 'the stages the expert scores at (default: all three)' })
  @IsOptional()
  @ArrayMaxSize(3)
  @ArrayMinSize(1)
  @IsIn(ReviewStages.codes, { each: true })
  @IsArray()
  stages?: ReviewStage[];
}

/** Who an appointment names: exactly one of email and userId. */
export function appointee(body: AppointExpertDto): { email: string } | { userId: string } {
  if (body.email !== undefined && body.userId !== undefined) throw ValidationError.of('userId', 'oneOf', 'give email or userId, not both');
  if (body.userId !== undefined) return { userId: body.userId };
  if (body.email !== undefined) return { email: body.email };
  throw ValidationError.of('email', 'required', 'give the expert’s email or userId');
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

import { ApiProperty } from '@nestjs/swagger';
import { type ApplicationRecord, scoresByStage, statusLabelOf } from '@techbridge/challenges';
import { ApplicationStatuses, ReviewStages } from '@techbridge/domain';

class ChallengeRef {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'a confidential challenge shows its neutral title to reviewers it was not disclosed to' }) title: string;
}

class ApplicantRef {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

class MilestoneView {
  @ApiProperty() dueOn: string;
  @ApiProperty() deliverable: string;
}

class ReviewView {
  @ApiProperty({ enum: ReviewStages.codes }) stage: string;
  @ApiProperty() reviewerId: string;
  @ApiProperty() score: number;
  @ApiProperty() comment: string;
  @ApiProperty() updatedAt: Date;
}

class StageScoresView {
  @ApiProperty({ enum: ReviewStages.codes }) stage: string;
  @ApiProperty() reviews: number;
  @ApiProperty() mean: number;
  @ApiProperty() min: number;
  @ApiProperty() max: number;
}

/** An application as the caller may read it: the applicant sees the decisions, the reviewing side also the scores. */
export class ApplicationView {
  @ApiProperty() id: string;
  @ApiProperty({ type: ChallengeRef }) challenge: ChallengeRef;
  @ApiProperty({ type: ApplicantRef }) applicant: ApplicantRef;
  @ApiProperty({ nullable: true, type: String }) achievementId: string | null;
  @ApiProperty() teamLead: string;
  @ApiProperty({ type: [String] }) teamMembers: string[];
  @ApiProperty() proposal: string;
  @ApiProperty({ description: '万元' }) budgetWan: number;
  @ApiProperty({ type: [MilestoneView] }) milestones: MilestoneView[];
  @ApiProperty({ enum: ReviewStages.codes }) stage: string;
  @ApiProperty() stageLabel: string;
  @ApiProperty({ enum: ApplicationStatuses.codes, description: 'a terminated project (项目终止) stays awarded' }) status: string;
  @ApiProperty({ description: '已终止 for an awarded project terminated since (for those who follow it)' }) statusLabel: string;
  @ApiProperty({ nullable: true, type: String }) decisionNote: string | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: '项目终止 of the awarded project: for its team, the challenge’s owner, organizers and admins (null for experts)' }) terminatedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'why the project was terminated (as terminatedAt)' }) terminationReason: string | null;
  @ApiProperty({ nullable: true, type: [StageScoresView], description: 'per stage; null for the applicant' }) scores: StageScoresView[] | null;
  @ApiProperty({ nullable: true, type: [ReviewView], description: 'each reviewer’s score and comment; null for the applicant' }) reviews: ReviewView[] | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty() version: number;

  static from(record: ApplicationRecord): ApplicationView {
    const { application: a, applicantName, challenge, reviews, termination } = record;
    return {
      id: a.id,
      challenge,
      applicant: { id: a.applicantOrganizationId, name: applicantName },
      achievementId: a.achievementId,
      teamLead: a.teamLead,
      teamMembers: a.teamMembers,
      proposal: a.proposal,
      budgetWan: a.budgetWan,
      milestones: a.milestones,
      stage: a.stage,
      stageLabel: ReviewStages.label(a.stage),
      status: a.status,
      statusLabel: statusLabelOf(record),
      decisionNote: a.decisionNote,
      decidedAt: a.decidedAt,
      terminatedAt: termination?.at ?? null,
      terminationReason: termination?.reason ?? null,
      scores: reviews && scoresByStage(reviews),
      reviews: reviews && reviews.map((r) => ({ stage: r.stage, reviewerId: r.reviewerId, score: r.score, comment: r.comment, updatedAt: r.updatedAt })),
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
      version: a.version,
    };
  }
}

import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChallengeExpertsService } from '@techbridge/challenges';
import type { Actor } from '@techbridge/domain';
import { CurrentActor } from '../http/auth.guard';
import { UuidParam } from '../http/uuid-param';
import { AppointExpertDto, ExpertStagesDto, ExpertView, ReviewAssignmentView } from './challenge-expert.dto';

@ApiTags('challenges')
@ApiBearerAuth()
@Controller()
export class ChallengeExpertsController {
  constructor(private readonly experts: ChallengeExpertsService) {}

  @Get('demands/:id/experts')
  @ApiOperation({ summary: 'The experts appointed to score a challenge’s applications (its owner, organizers, admins)' })
  async list(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<ExpertView[]> {
    return (await this.experts.list(actor, id)).map(ExpertView.from);
  }

  @Post('demands/:id/experts')
  @ApiOperation({ summary: '专家评审: appoint an expert from the expert pool (by user id) to score the applications at some stages (its owner, organizers)' })
  async appoint(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: AppointExpertDto): Promise<ExpertView> {
    return ExpertView.from(await this.experts.appoint(actor, id, body.userId, body.stages));
  }

  @Patch('demands/:id/experts/:userId')
  @ApiOperation({ summary: 'Change the stages an expert scores at' })
  async restage(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('userId') userId: string, @Body() body: ExpertStagesDto): Promise<ExpertView> {
    return ExpertView.from(await this.experts.restage(actor, id, userId, body.stages));
  }

  @Delete('demands/:id/experts/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'End an expert’s appointment (the scores they gave stay)' })
  async remove(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('userId') userId: string): Promise<void> {
    await this.experts.remove(actor, id, userId);
  }

  @Get('me/review-assignments')
  @ApiOperation({ summary: 'The challenges you were appointed to as an expert, with the applications waiting for your score' })
  async assignments(@CurrentActor() actor: Actor): Promise<ReviewAssignmentView[]> {
    return (await this.experts.assignments(actor)).map(ReviewAssignmentView.from);
  }
}

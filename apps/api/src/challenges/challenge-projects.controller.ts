import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ChallengeProjectsService } from '@techbridge/challenges';
import type { Actor } from '@techbridge/domain';
import type { Response } from 'express';
import { ActionParam } from '../http/action-param';
import { CurrentActor } from '../http/auth.guard';
import { type Page, pageOf } from '../http/pagination';
import { sendSpreadsheet } from '../http/spreadsheet-download';
import { UuidParam } from '../http/uuid-param';
import { MilestoneDecisionDto, MilestoneReportDto, ProjectExportQueryDto, ProjectLedgerQueryDto, ProjectTerminationDto } from './project.dto';
import { ProjectView } from './project.views';

const DECISIONS = ['accept', 'return'] as const;

@ApiTags('challenges')
@ApiBearerAuth()
@Controller()
export class ChallengeProjectsController {
  constructor(private readonly projects: ChallengeProjectsService) {}

  @Get('challenge-projects')
  @ApiOperation({ summary: '专项工作台账: awarded projects and where their plans stand (the teams and owners: theirs; organizers, admins: all), latest award first' })
  async ledger(@CurrentActor() actor: Actor, @Query() query: ProjectLedgerQueryDto): Promise<Page<ProjectView>> {
    const { projects, total } = await this.projects.ledger(actor, query);
    return pageOf(
      projects.map((p) => ProjectView.from(p, false)),
      total,
      query,
    );
  }

  @Get('challenge-projects/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The ledger as XLSX or CSV for a 调度会 (same filters and order; one row per project, its milestones in one cell)' })
  async export(@CurrentActor() actor: Actor, @Query() query: ProjectExportQueryDto, @Res() res: Response): Promise<void> {
    const { page: _p, pageSize: _s, format, ...filters } = query;
    sendSpreadsheet(res, await this.projects.export(actor, filters, format), format, 'challenge-projects');
  }

  @Get('challenge-applications/:id/progress')
  @ApiOperation({ summary: 'An awarded project’s milestones with every report (its team, the challenge’s owner, organizers, admins)' })
  async progress(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<ProjectView> {
    return ProjectView.from(await this.projects.progress(actor, id));
  }

  @Post('challenge-applications/:id/milestone-reports')
  @ApiOperation({ summary: 'The awarded team reports progress, a delay (with the revised day) or the completion of a milestone' })
  async report(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: MilestoneReportDto): Promise<ProjectView> {
    return ProjectView.from(await this.projects.report(actor, id, body));
  }

  @Post('challenge-applications/:id/milestone-reports/:reportId/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: DECISIONS, description: 'accept (验收) or return (with a note) a completion' })
  @ApiOperation({ summary: 'The challenge’s owner answers a completion report' })
  async decide(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('reportId') reportId: string,
    @ActionParam(DECISIONS) action: (typeof DECISIONS)[number],
    @Body() body: MilestoneDecisionDto,
  ): Promise<ProjectView> {
    return ProjectView.from(await this.projects.decide(actor, id, reportId, action, body.note));
  }

  @Post('challenge-applications/:id/termination')
  @HttpCode(200)
  @ApiOperation({ summary: '项目终止: the challenge’s owner terminates an awarded project with a reason the team is told; no more reports or reminders, the ledger shows it terminated' })
  async terminate(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: ProjectTerminationDto): Promise<ProjectView> {
    return ProjectView.from(await this.projects.terminate(actor, id, body.reason));
  }
}

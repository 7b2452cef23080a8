import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@techbridge/domain';
import { type Workbench, WorkbenchService } from '@techbridge/workbench';
import { CurrentActor } from '../http/auth.guard';

class Pending {
  @ApiProperty({ description: 'waiting for your answer' }) toAnswer: number;
  @ApiProperty({ description: 'yours, waiting for the other side' }) awaitingAnswer: number;
}

class WorkbenchView {
  @ApiProperty() organizationId: string;
  @ApiProperty({ description: 'your demands by status (archived ones left out)', example: { draft: 1, published: 4 } }) demands: Record<string, number>;
  @ApiProperty({ description: 'your open demands whose 有效期 ends within 7 days: extend them or let them lapse' }) expiringDemands: number;
  @ApiProperty({ description: 'your achievements by status', example: { published: 6 } }) achievements: Record<string, number>;
  @ApiProperty({ description: 'matches of your items being followed up, by state; `idle`: of them, those without progress for 30 days (both sides are reminded once)', example: { contacted: 2, meeting: 1, negotiating: 1, idle: 1 } }) matches: Workbench['matches'];
  @ApiProperty({ description: '对接留言 from the other side of your matches not yet read' }) unreadMessages: number;
  @ApiProperty({ type: Pending, description: '申请查看详情' }) disclosureRequests: Pending;
  @ApiProperty({ type: Pending, description: '对接会 meeting requests still open for booking' }) meetingRequests: Pending;
  @ApiProperty({ description: '对接会: upcoming (approved for, not over yet), waiting (registrations pending approval or a place, 候补)', example: { upcoming: 1, waiting: 0 } }) events: Workbench['events'];
  @ApiProperty({ description: '揭榜 applications under review: toReview (to your challenges), submitted (yours)', example: { toReview: 2, submitted: 0 } }) challengeApplications: Workbench['challengeApplications'];
  @ApiProperty({ description: 'awarded 揭榜 projects: completions to accept (验收), yours awaiting acceptance, your overdue milestones', example: { completionsToAccept: 1, awaitingAcceptance: 0, overdueMilestones: 0 } }) challengeProjects: Workbench['challengeProjects'];
  @ApiProperty({ description: 'your deals by stage', example: { intent: 1, signed: 2, registered: 1 } }) deals: Workbench['deals'];
  @ApiProperty() unreadNotifications: number;
}

class ServedOrganizationView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

class ServedWorkbenchView {
  @ApiProperty({ type: ServedOrganizationView }) organization: ServedOrganizationView;
  @ApiProperty({ type: WorkbenchView }) workbench: WorkbenchView;
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class WorkbenchController {
  constructor(private readonly workbench: WorkbenchService) {}

  @Get('workbench/served')
  @ApiOkResponse({ type: [ServedWorkbenchView] })
  @ApiOperation({ summary: '技术经纪人: the workbench of every organisation you serve, by name (brokers only)' })
  async served(@CurrentActor() actor: Actor): Promise<ServedWorkbenchView[]> {
    return this.workbench.served(actor);
  }

  @Get('workbench')
  @ApiOkResponse({ type: WorkbenchView })
  @ApiOperation({ summary: '工作台: what your organisation has to answer and what it has running (a broker names the organisation with X-Acting-Organization)' })
  async get(@CurrentActor() actor: Actor): Promise<WorkbenchView> {
    return this.workbench.of(actor);
  }
}

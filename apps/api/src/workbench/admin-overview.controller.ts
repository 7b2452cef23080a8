import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type AdminOverview, AdminOverviews } from '@techbridge/workbench';
import { RequireRole } from '../http/auth.guard';

class OrganizationCounts {
  @ApiProperty() total: number;
  @ApiProperty() verified: number;
  @ApiProperty({ description: 'the verification queue (GET /admin/organizations?verified=false)' }) awaitingVerification: number;
  @ApiProperty({ description: 'of them, those that uploaded 认证材料' }) awaitingWithDocuments: number;
}

class UserCounts {
  @ApiProperty() active: number;
  @ApiProperty() signedInLast30Days: number;
}

class CatalogueCounts {
  @ApiProperty() publishedDemands: number;
  @ApiProperty() publishedAchievements: number;
}

class MailCounts {
  @ApiProperty({ description: 'waiting to be sent' }) queued: number;
  @ApiProperty({ description: 'given up on in the last 7 days (GET /admin/mail?status=failed)' }) failedLast7Days: number;
  @ApiProperty({ description: 'failed mail that can be sent again (POST /admin/mail/actions/resend-failed)' }) resendable: number;
}

class WorkCounts {
  @ApiProperty() importsFailedLast7Days: number;
  @ApiProperty() scheduleRunsFailedLast7Days: number;
  @ApiProperty({ description: 'jobs committed but not yet handed to the queue (should stay near 0)' }) outboxBacklog: number;
}

class AdminOverviewView implements AdminOverview {
  @ApiProperty({ type: OrganizationCounts }) organizations: OrganizationCounts;
  @ApiProperty({ type: UserCounts }) users: UserCounts;
  @ApiProperty({ type: CatalogueCounts }) catalogue: CatalogueCounts;
  @ApiProperty({ description: '专家库 entries waiting for approval' }) expertsAwaitingApproval: number;
  @ApiProperty({ type: MailCounts }) mail: MailCounts;
  @ApiProperty({ type: WorkCounts }) work: WorkCounts;
  @ApiProperty() at: Date;
}

@ApiTags('admin')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('admin/overview')
export class AdminOverviewController {
  constructor(private readonly overviews: AdminOverviews) {}

  @Get()
  @ApiOkResponse({ type: AdminOverviewView })
  @ApiOperation({ summary: '运营概览: who waits on the operators (verification, experts) and what went wrong lately (mail, imports, scheduling runs, the outbox); counts only' })
  async get(): Promise<AdminOverviewView> {
    return this.overviews.now();
  }
}

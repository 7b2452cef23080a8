import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AdminService, AuditLog, CredentialsService, MailResends } from '@techbridge/accounts';
import { MailLog } from '@techbridge/mail';
import { type Actor, MAIL_STATUSES, type MailStatus, PLATFORM_ROLES, type PlatformRole, ValidationError } from '@techbridge/domain';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { toBoolean } from '../catalog/catalog-common.dto';
import { CurrentActor, RequireRole } from '../http/auth.guard';
import { type Page, PageQuery, pageOf } from '../http/pagination';
import { UuidParam } from '../http/uuid-param';
import { OrganizationFiltersDto } from './account.dto';
import { AuditEntryView, MailMessageView, OrganizationView, PasswordResetView, UserView } from './account.views';

class UserQueryDto extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @MaxLength(254) @IsString() email?: string;
  @ApiPropertyOptional({ enum: PLATFORM_ROLES }) @IsOptional() @IsIn(PLATFORM_ROLES) role?: PlatformRole;
  @ApiPropertyOptional() @IsOptional() @IsUUID() organizationId?: string;
}

class AuditQueryDto extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @MaxLength(64) @IsString() action?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() actorUserId?: string;
  @ApiPropertyOptional() @IsOptional() @MaxLength(64) @IsString() resourceId?: string;
}

class MailQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: MAIL_STATUSES, description: 'failed: what never arrived' }) @IsOptional() @IsIn(MAIL_STATUSES) status?: MailStatus;
  @ApiPropertyOptional() @IsOptional() @MaxLength(254) @IsString() recipient?: string;
  @ApiPropertyOptional({ description: 'e.g. account.password_reset, organization.invitation, event.invitation' }) @IsOptional() @MaxLength(48) @IsString() kind?: string;
}

class MailResendDto {
  @ApiPropertyOptional({ description: 'only mail of this kind' }) @IsOptional() @MaxLength(48) @IsString() kind?: string;
  @ApiPropertyOptional({ description: 'only mail to this address' }) @IsOptional() @MaxLength(254) @IsString() recipient?: string;
  @ApiPropertyOptional({ description: 'only mail created at or after this moment (ISO 8601), e.g. when the mail server went down' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date or date-time' })
  since?: string;
}

class MailResentView {
  @ApiProperty({ description: 'failed mails queued again' }) resent: number;
  @ApiProperty({ description: 'failed mails that held a token and cannot be resent: issue new invitations or resets' }) discarded: number;
}

class OrganizationQueryDto extends OrganizationFiltersDto {
  @ApiPropertyOptional({ description: 'false: the verification queue' }) @IsOptional() @IsBoolean() @Transform(toBoolean) verified?: boolean;
}

class AdminOrganizationView extends OrganizationView {
  @ApiProperty() members: number;
  @ApiProperty({ description: 'verification documents uploaded (GET /organizations/:id/attachments)' }) documents: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) verifiedAt: Date | null;
}

class AssignmentView {
  @ApiProperty() brokerUserId: string;
  @ApiProperty() organizationId: string;
  @ApiProperty() createdAt: Date;
}

const roleParam = (role: string): PlatformRole => {
  if (!(PLATFORM_ROLES as readonly string[]).includes(role)) throw ValidationError.of('role', 'isIn', `role must be one of ${PLATFORM_ROLES.join(', ')}`);
  return role as PlatformRole;
};

@ApiTags('admin')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('admin')
export class AdminController {
  constructor(
    private readonly admin: AdminService,
    private readonly audit: AuditLog,
    private readonly credentials: CredentialsService,
    private readonly mail: MailLog,
    private readonly resends: MailResends,
  ) {}

  @Get('users')
  @ApiOperation({ summary: 'Users, filtered by e-mail, role or organisation' })
  async users(@Query() query: UserQueryDto): Promise<Page<UserView>> {
    const { items, total } = await this.admin.users(query);
    return pageOf(items.map(UserView.from), total, query);
  }

  @Put('users/:id/roles/:role')
  @ApiOperation({ summary: 'Grant a platform role (admin, organizer, broker)' })
  async grant(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Param('role') role: string): Promise<UserView> {
    return UserView.from(await this.admin.grantRole(actor, id, roleParam(role)));
  }

  @Delete('users/:id/roles/:role')
  @ApiOperation({ summary: 'Revoke a platform role' })
  async revoke(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Param('role') role: string): Promise<UserView> {
    return UserView.from(await this.admin.revokeRole(actor, id, roleParam(role)));
  }

  @Post('users/:id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a user: sign-in refused, sessions ended' })
  async deactivate(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<UserView> {
    return UserView.from(await this.admin.setActive(actor, id, false));
  }

  @Post('users/:id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a user (never an account its user closed: 409 account_closed)' })
  async reactivate(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<UserView> {
    return UserView.from(await this.admin.setActive(actor, id, true));
  }

  @Post('users/:id/password-resets')
  @ApiOperation({ summary: 'Issue a one-time password reset for a user who forgot theirs (valid 24 h; voids earlier ones)' })
  async issuePasswordReset(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<PasswordResetView> {
    const { reset, token, mailed } = await this.credentials.issueReset(actor, id);
    return PasswordResetView.from(reset, token, mailed);
  }

  @Get('organizations')
  @ApiOperation({ summary: 'Organisations, oldest first (verified=false: the verification queue), with their member counts' })
  async organizations(@Query() query: OrganizationQueryDto): Promise<Page<AdminOrganizationView>> {
    const { items, total } = await this.admin.organizations(query);
    const views = items.map(({ organization, members, documents }) => Object.assign(OrganizationView.from(organization), { members, documents, createdAt: organization.createdAt, verifiedAt: organization.verifiedAt }));
    return pageOf(views, total, query);
  }

  @Post('organizations/:id/verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an organisation verified (it may then publish)' })
  async verify(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<OrganizationView> {
    return OrganizationView.from(await this.admin.setVerified(actor, id, true));
  }

  @Post('organizations/:id/unverify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw an organisation’s verification' })
  async unverify(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<OrganizationView> {
    return OrganizationView.from(await this.admin.setVerified(actor, id, false));
  }

  @Get('brokers/:id/assignments')
  @ApiOperation({ summary: 'Organisations a broker serves' })
  async assignments(@UuidParam('id') id: string): Promise<AssignmentView[]> {
    return (await this.admin.assignments(id)).map(({ brokerUserId, organizationId, createdAt }) => ({ brokerUserId, organizationId, createdAt }));
  }

  @Put('brokers/:id/assignments/:organizationId')
  @ApiOperation({ summary: 'Assign an organisation to a broker' })
  async assign(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('organizationId') organizationId: string): Promise<AssignmentView> {
    const { brokerUserId, createdAt } = await this.admin.assignBroker(actor, id, organizationId);
    return { brokerUserId, organizationId, createdAt };
  }

  @Delete('brokers/:id/assignments/:organizationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'End a broker’s assignment' })
  async unassign(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('organizationId') organizationId: string): Promise<void> {
    await this.admin.unassignBroker(actor, id, organizationId);
  }

  @Get('audit')
  @ApiOperation({ summary: 'The audit trail: who did what, when, for which organisation' })
  async auditTrail(@Query() query: AuditQueryDto): Promise<Page<AuditEntryView>> {
    const { items, total } = await this.audit.list(query);
    return pageOf(items.map(AuditEntryView.from), total, query);
  }

  @Get('mail')
  @ApiOperation({ summary: 'The mail the platform sent or tried to send, newest first (never the bodies)' })
  async mailLog(@Query() query: MailQueryDto): Promise<Page<MailMessageView>> {
    const { items, total } = await this.mail.list(query);
    return pageOf(items.map(MailMessageView.from), total, query);
  }

  @Post('mail/actions/resend-failed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send failed mail again (after a mail server outage), optionally only of a kind, a recipient or since a moment' })
  async resendFailedMail(@CurrentActor() actor: Actor, @Body() body: MailResendDto): Promise<MailResentView> {
    return this.resends.resendFailed(actor, { kind: body.kind, recipient: body.recipient, since: body.since === undefined ? undefined : new Date(body.since) });
  }

  @Post('mail/:id/actions/resend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send one failed mail again (409 body_discarded for an invitation or reset: issue a new one)' })
  async resendMail(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<MailMessageView> {
    return MailMessageView.from(await this.resends.resendOne(actor, id));
  }
}

import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AttachmentsService } from '@techbridge/catalog';
import { CredentialsService, InvitationsService, OrganizationsService } from '@techbridge/accounts';
import type { Actor } from '@techbridge/domain';
import { CurrentActor } from '../http/auth.guard';
import { UuidParam } from '../http/uuid-param';
import { type UploadedFileLike, uploadedFile } from '../http/file-upload';
import { AttachmentUploadRoute, AttachmentView } from '../catalog/attachments.controller';
import { type Page, pageOf } from '../http/pagination';
import { CreateInvitationDto, MemberRoleDto, OrganizationFiltersDto, UpdateOrganizationDto } from './account.dto';
import { DirectoryOrganizationView, InvitationView, OrganizationView, PasswordResetView, UserView } from './account.views';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly invitations: InvitationsService,
    private readonly credentials: CredentialsService,
    private readonly attachments: AttachmentsService,
  ) {}

  @Get()
  @ApiOperation({ summary: '机构库: verified organisations by name, filtered by type, field, region, tier or name, with their open achievements and demands' })
  async directory(@Query() query: OrganizationFiltersDto): Promise<Page<DirectoryOrganizationView>> {
    const { items, total } = await this.organizations.directory(query);
    return pageOf(items.map(DirectoryOrganizationView.fromEntry), total, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An organisation’s profile (any signed-in user)' })
  async get(@UuidParam('id') id: string): Promise<OrganizationView> {
    return OrganizationView.from(await this.organizations.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update the profile (its administrators, its brokers, platform admins); needs the current version' })
  async update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: UpdateOrganizationDto): Promise<OrganizationView> {
    return OrganizationView.from(await this.organizations.update(actor, id, body));
  }

  @Get(':id/attachments')
  @ApiOperation({ summary: '认证材料 (营业执照 and the like) for its verification: its members, its brokers, platform admins' })
  async attachmentList(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<AttachmentView[]> {
    return (await this.attachments.list(actor, 'organization', id)).map(AttachmentView.from);
  }

  @AttachmentUploadRoute(':id/attachments', 'Add a verification document (a scan as PDF, PNG or JPEG, or an Office file; at most 10 MB, 10 in all): its administrators, its brokers, platform admins; removed with DELETE /attachments/:id')
  async attach(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UploadedFile() file: UploadedFileLike | undefined): Promise<AttachmentView> {
    return AttachmentView.from(await this.attachments.add(actor, 'organization', id, uploadedFile(file)));
  }

  @Get(':id/members')
  @ApiOperation({ summary: 'Members (its members, its brokers, platform admins)' })
  async members(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<UserView[]> {
    return (await this.organizations.members(actor, id)).map(UserView.from);
  }

  @Patch(':id/members/:userId')
  @ApiOperation({ summary: 'Change a member’s role (its owner and admins for lower ranks; owner hands the ownership over), platform admins' })
  async changeMemberRole(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('userId') userId: string, @Body() body: MemberRoleDto): Promise<UserView> {
    return UserView.from(await this.organizations.changeMemberRole(actor, id, userId, body.memberRole));
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (its administrators, platform admins)' })
  async removeMember(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('userId') userId: string): Promise<void> {
    await this.organizations.removeMember(actor, id, userId);
  }

  @Post(':id/members/:userId/password-resets')
  @ApiOperation({ summary: 'Issue a one-time password reset for a member of lower rank who forgot theirs (its owner or admins, platform admins); mailed to the member when mail is configured, else the token is in the answer to hand over. Not for experts (403 expert_account) or platform role holders' })
  async issuePasswordReset(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('userId') userId: string): Promise<PasswordResetView> {
    const { reset, token, mailed } = await this.credentials.issueReset(actor, userId, id);
    return PasswordResetView.from(reset, token, mailed);
  }

  @Post(':id/invitations')
  @ApiOperation({ summary: 'Invite someone by e-mail; the token in the answer is what they register with' })
  async invite(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: CreateInvitationDto): Promise<InvitationView> {
    const { invitation, token, mailed } = await this.invitations.create(actor, id, body.email, body.memberRole ?? 'member');
    return InvitationView.from(invitation, { token, mailed });
  }

  @Get(':id/invitations')
  @ApiOperation({ summary: 'Invitations (its administrators, platform admins)' })
  async listInvitations(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<InvitationView[]> {
    return (await this.invitations.list(actor, id)).map((i) => InvitationView.from(i));
  }

  @Delete(':id/invitations/:invitationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a pending invitation' })
  async revokeInvitation(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('invitationId') invitationId: string): Promise<void> {
    await this.invitations.revoke(actor, id, invitationId);
  }
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DirectoryEntry, IssuedTokens, SignInSession } from '@techbridge/accounts';
import { type AuditEntry, type Invitation, type MailMessage, type Organization, type PasswordReset, Regions, type User } from '@techbridge/domain';

export class TokensView {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'single use: each refresh returns a new one' }) refreshToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'seconds until the access token expires' }) expiresIn: number;

  static from(tokens: IssuedTokens): TokensView {
    return Object.assign(new TokensView(), tokens);
  }
}

export class UserView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({ enum: ['owner', 'admin', 'member'] }) memberRole: string;
  @ApiProperty({ type: [String] }) platformRoles: string[];
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: Date, description: 'when its user closed the account (注销): it cannot be reactivated' }) closedAt: Date | null;
  @ApiProperty() createdAt: Date;

  static from(user: User): UserView {
    const { id, email, displayName, organizationId, memberRole, platformRoles, active, closedAt, createdAt } = user;
    return Object.assign(new UserView(), { id, email, displayName, organizationId, memberRole, platformRoles, active, closedAt, createdAt });
  }
}

export class OrganizationView {
  @ApiProperty() id: string;
  @ApiProperty() type: string;
  @ApiProperty() name: string;
  @ApiProperty() creditCode: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ description: 'e.g. 辽宁省大连市甘井子区' }) regionName: string;
  @ApiProperty({ type: [String] }) fields: string[];
  @ApiProperty({ nullable: true, type: String }) size: string | null;
  @ApiProperty({ type: [String] }) tiers: string[];
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() verified: boolean;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: Date;

  static from(org: Organization): OrganizationView {
    const { id, type, name, creditCode, regionCode, fields, size, tiers, description, verified, version, updatedAt } = org;
    return Object.assign(new OrganizationView(), {
      id, type, name, creditCode, regionCode, regionName: Regions.get(regionCode)?.fullName ?? regionCode, fields, size, tiers, description, verified, version, updatedAt,
    });
  }
}

export class DirectoryOrganizationView extends OrganizationView {
  @ApiProperty({ description: 'achievements published or in negotiation' }) openAchievements: number;
  @ApiProperty({ description: 'demands published or in negotiation, within their 有效期' }) openDemands: number;

  static fromEntry(entry: DirectoryEntry): DirectoryOrganizationView {
    return Object.assign(new DirectoryOrganizationView(), OrganizationView.from(entry.organization), { openAchievements: entry.openAchievements, openDemands: entry.openDemands });
  }
}

/** One's own account: what others see, and one's own settings. */
export class ProfileView extends UserView {
  @ApiProperty({ description: 'a daily e-mail of the organisation’s unread notices' }) noticeDigest: boolean;

  static override from(user: User): ProfileView {
    return Object.assign(new ProfileView(), UserView.from(user), { noticeDigest: user.noticeDigest });
  }
}

export class MeView {
  @ApiProperty({ type: ProfileView }) user: ProfileView;
  @ApiProperty({ type: OrganizationView, nullable: true }) organization: OrganizationView | null;
  @ApiProperty({ type: [String], description: 'platform roles: admin, organizer, broker' }) roles: string[];
  @ApiProperty({ type: [String], description: 'organisations this broker serves' }) brokerFor: string[];
}

export class SessionView {
  @ApiProperty({ type: UserView }) user: UserView;
  @ApiProperty({ type: TokensView }) tokens: TokensView;
}

export class InvitationView {
  @ApiProperty() id: string;
  @ApiProperty() organizationId: string;
  @ApiProperty() email: string;
  @ApiProperty() memberRole: string;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ nullable: true, type: Date }) acceptedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) revokedAt: Date | null;
  @ApiPropertyOptional({ description: 'returned once, at creation: give it to the invitee unless it was mailed' }) token?: string;
  @ApiPropertyOptional({ description: 'at creation: whether the invitation was mailed to the invitee (mail is configured)' }) mailed?: boolean;

  static from(invitation: Invitation, issued?: { token: string; mailed: boolean }): InvitationView {
    const { id, organizationId, email, memberRole, expiresAt, acceptedAt, revokedAt } = invitation;
    return Object.assign(new InvitationView(), { id, organizationId, email, memberRole, expiresAt, acceptedAt, revokedAt, ...issued });
  }
}

export class PasswordResetView {
  @ApiProperty() id: string;
  @ApiProperty() userId: string;
  @ApiPropertyOptional({
    description: 'returned once: give it to the user, who sets a new password with it (POST /api/v1/auth/password-reset). Through an organisation only when it was not mailed',
  })
  token?: string;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ description: 'whether the token was mailed to the user (mail is configured)' }) mailed: boolean;

  static from(reset: PasswordReset, token: string | null, mailed: boolean): PasswordResetView {
    return Object.assign(new PasswordResetView(), { id: reset.id, userId: reset.userId, ...(token ? { token } : {}), expiresAt: reset.expiresAt, mailed });
  }
}

export class SignInSessionView {
  @ApiProperty() id: string;
  @ApiProperty() signedInAt: Date;
  @ApiProperty({ description: 'when its tokens were last refreshed' }) lastActiveAt: Date;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent: string | null;
  @ApiProperty({ description: 'the session this request was made in' }) current: boolean;

  static from(session: SignInSession): SignInSessionView {
    return Object.assign(new SignInSessionView(), session);
  }
}

export class EndedSessionsView {
  @ApiProperty() ended: number;
}

export class AuditEntryView {
  @ApiProperty() id: string;
  @ApiProperty() at: Date;
  @ApiProperty({ nullable: true, type: String }) actorUserId: string | null;
  @ApiProperty({ nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({ nullable: true, type: String }) brokerUserId: string | null;
  @ApiProperty() action: string;
  @ApiProperty() resourceType: string;
  @ApiProperty({ nullable: true, type: String }) resourceId: string | null;
  @ApiProperty({ type: Object }) details: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;

  static from(entry: AuditEntry): AuditEntryView {
    const { id, at, actorUserId, organizationId, brokerUserId, action, resourceType, resourceId, details, requestId } = entry;
    return Object.assign(new AuditEntryView(), { id, at, actorUserId, organizationId, brokerUserId, action, resourceType, resourceId, details, requestId });
  }
}

export class MailMessageView {
  @ApiProperty() id: string;
  @ApiProperty() kind: string;
  @ApiProperty() recipient: string;
  @ApiProperty({ nullable: true, type: String }) userId: string | null;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: ['queued', 'sent', 'failed'] }) status: string;
  @ApiProperty({ description: 'delivery attempts made' }) attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'why the last attempt failed' }) lastError: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) sentAt: Date | null;
  @ApiProperty({ description: 'failed, and kept its body: POST …/actions/resend sends it again (an invitation or reset is issued anew instead)' }) resendable: boolean;

  /** `mail.body` is read only to tell whether it is resendable; it is never shown. */
  static from(mail: MailMessage): MailMessageView {
    const { id, kind, recipient, userId, subject, status, attempts, lastError, createdAt, sentAt } = mail;
    const resendable = status === 'failed' && mail.body != null;
    return Object.assign(new MailMessageView(), { id, kind, recipient, userId, subject, status, attempts, lastError: mail.failureReason ?? lastError, createdAt, sentAt, resendable });
  }
}

import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, ConflictError, ForbiddenError, Invitation, managesMembers, NotFoundError, Organization, seesMembers, User } from '@techbridge/domain';
import { Mailer, organizationInvitationMail } from '@techbridge/mail';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { AuditLog } from './audit-log';
import { lockCurrentCaller } from './current-caller';
import { normalizeEmail } from './emails';
import { sha256 } from './tokens';

const INVITATION_TTL_MS = 14 * 86_400_000;

@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly mailer: Mailer,
  ) {}

  private assertManages(actor: Actor, organizationId: string): void {
    if (!seesMembers(actor, organizationId)) throw new NotFoundError('organization', organizationId);
    if (!managesMembers(actor, organizationId)) throw new ForbiddenError('not_organization_admin', 'only the organisation’s administrators manage invitations');
  }

  /**
   * Creates an invitation and returns its token once: it is what the invitee registers with.
   * It is mailed to the invitee when mail is configured (`mailed`); else the inviter passes it on.
   */
  async create(actor: Actor, organizationId: string, emailInput: string, memberRole: 'admin' | 'member'): Promise<{ invitation: Invitation; token: string; mailed: boolean }> {
    const email = normalizeEmail(emailInput);
    const token = randomBytes(24).toString('base64url');
    return this.dataSource.transaction(async (manager) => {
      // The sender's authority as it stands now, not as a replica cached it before a demotion.
      this.assertManages(await lockCurrentCaller(manager, actor), organizationId);
      if (await manager.existsBy(User, { email, organizationId })) throw new ConflictError('already_member', 'this person is already a member');
      const pending = await manager.existsBy(Invitation, { organizationId, email, acceptedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) });
      if (pending) throw new ConflictError('already_invited', 'an invitation to this e-mail is still pending; revoke it first');
      const invitation = await manager.save(
        manager.create(Invitation, { organizationId, email, memberRole, tokenHash: sha256(token), invitedBy: actor.userId, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) }),
      );
      await this.audit.record(manager, actor, { action: 'organization.invite', resourceType: 'invitation', resourceId: invitation.id, organizationId, details: { email, memberRole } });
      const organization = await manager.findOneByOrFail(Organization, { id: organizationId });
      const inviter = await manager.findOneByOrFail(User, { id: actor.userId });
      const mail = organizationInvitationMail({ publicUrl: this.mailer.publicUrl, organizationName: organization.name, inviterName: inviter.displayName, memberRole, token, expiresAt: invitation.expiresAt });
      const mailed = await this.mailer.queue(manager, { ...mail, kind: 'organization.invitation', to: email, sensitive: true });
      return { invitation, token, mailed };
    });
  }

  async list(actor: Actor, organizationId: string): Promise<Invitation[]> {
    this.assertManages(actor, organizationId);
    return this.dataSource.getRepository(Invitation).find({ where: { organizationId }, order: { createdAt: 'DESC' } });
  }

  async revoke(actor: Actor, organizationId: string, invitationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      this.assertManages(await lockCurrentCaller(manager, actor), organizationId);
      const invitation = await manager.findOneBy(Invitation, { id: invitationId, organizationId });
      if (!invitation) throw new NotFoundError('invitation', invitationId);
      if (invitation.acceptedAt) throw new ConflictError('invitation_accepted', 'the invitation was already accepted');
      if (!invitation.revokedAt) await manager.update(Invitation, { id: invitationId }, { revokedAt: new Date() });
      await this.audit.record(manager, actor, { action: 'organization.revoke_invitation', resourceType: 'invitation', resourceId: invitationId, organizationId });
    });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, Organization, User } from '@techbridge/domain';
import { DataSource } from 'typeorm';

/** How much of the caller's own activity an export lists (newest first). */
export const ACTIVITY_LIMIT = 1_000;

/**
 * 个人信息查阅、复制 (PIPL art. 45): everything the platform keeps about the caller as a person, in
 * one document. What they did is listed by action and object, not with the details, which may
 * be about other people (whom they invited, what they scored).
 */
@Injectable()
export class PersonalData {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async export(actor: Actor): Promise<Record<string, unknown>> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    const q = <T>(sql: string, params: unknown[] = [actor.userId]): Promise<T[]> => this.dataSource.query(sql, params);
    const organization = user.organizationId ? await this.dataSource.getRepository(Organization).findOneBy({ id: user.organizationId }) : null;
    const [brokerFor, signIns, expertProfile, appointments, mail, messages, uploads, bookmarks, activity] = await Promise.all([
      q(`SELECT a.organization_id AS "organizationId", o.name, a.created_at AS since FROM broker_assignments a JOIN organizations o ON o.id = a.organization_id WHERE a.broker_user_id = $1 ORDER BY a.created_at`),
      q(`SELECT min(created_at) AS "signedInAt", max(created_at) AS "lastActiveAt", (array_agg(ip ORDER BY created_at DESC))[1] AS ip,
                (array_agg(user_agent ORDER BY created_at DESC))[1] AS "userAgent", bool_or(revoked_at IS NULL AND used_at IS NULL AND expires_at > now()) AS live
           FROM refresh_tokens WHERE user_id = $1 GROUP BY family_id ORDER BY max(created_at) DESC`),
      q(`SELECT professional_title AS "professionalTitle", field_codes AS "fieldCodes", specialties, approved_at AS "approvedAt", created_at AS "createdAt" FROM expert_profiles WHERE user_id = $1`),
      q(`SELECT demand_id AS "challengeId", stages, created_at AS "appointedAt" FROM challenge_experts WHERE user_id = $1 ORDER BY created_at`),
      q(`SELECT kind, subject, status, created_at AS "createdAt", sent_at AS "sentAt" FROM mail_messages WHERE user_id = $1 OR recipient = $2 ORDER BY created_at DESC`, [actor.userId, user.email]),
      // Their own words to the other side of a match (对接留言).
      q(`SELECT match_id AS "matchId", organization_id AS "organizationId", body, created_at AS "createdAt" FROM match_messages WHERE author_user_id = $1 ORDER BY created_at DESC LIMIT ${ACTIVITY_LIMIT}`),
      // Documents they uploaded (to an item, a match, a milestone), listed, not copied: each is downloadable where its holder allows.
      q(`SELECT id, item_kind AS "holderKind", item_id AS "holderId", file_name AS "fileName", content_type AS "contentType", size, created_at AS "uploadedAt"
           FROM attachments WHERE uploaded_by = $1 ORDER BY created_at DESC LIMIT ${ACTIVITY_LIMIT}`),
      q(`SELECT item_kind AS "kind", item_id AS "itemId", created_at AS "createdAt" FROM bookmarks WHERE user_id = $1 ORDER BY created_at DESC`),
      q(`SELECT at, action, resource_type AS "resourceType", resource_id AS "resourceId", organization_id AS "organizationId"
           FROM audit_entries
          -- What they did, and what was done on their account with no one signed in (sign-up, a reset by mail).
          WHERE actor_user_id = $1 OR (actor_user_id IS NULL AND resource_type = 'user' AND resource_id = $1::text)
          ORDER BY id DESC LIMIT ${ACTIVITY_LIMIT}`),
    ]);
    return {
      exportedAt: new Date(),
      account: {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        memberRole: user.memberRole,
        platformRoles: user.platformRoles,
        createdAt: user.createdAt,
        lastLoginAt: user.lastLoginAt,
        noticeDigest: user.noticeDigest,
      },
      organization: organization ? { id: organization.id, name: organization.name, type: organization.type } : null,
      brokerFor,
      signIns,
      expertProfile: expertProfile[0] ?? null,
      expertAppointments: appointments,
      mail,
      matchMessages: messages,
      uploads,
      bookmarks,
      activity,
    };
  }
}

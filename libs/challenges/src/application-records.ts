import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, actsFor, type ChallengeApplication, ChallengeReview, hasRole, Organization, TechDemand } from '@techbridge/domain';
import { DataSource, type EntityManager, In } from 'typeorm';

/** Who stands where around one application: the applicant's side, the challenge owner's side, the platform's organizers. */
export interface ChallengeParties {
  challenge: TechDemand;
  applicantOrganizationId: string;
  applicant(actor: Actor): boolean;
  owner(actor: Actor): boolean;
  /** Scores and decides: the owner's side and organizers (never the applicant's side). */
  reviewer(actor: Actor): boolean;
}

/** An application as one caller may read it. */
export interface ApplicationRecord {
  application: ChallengeApplication;
  applicantName: string;
  challenge: { id: string; title: string };
  /** The reviewers' scores: for the reviewing side and admins; null for the applicant. */
  reviews: ChallengeReview[] | null;
}

/** Reads the parties around applications and shapes what each caller may see of them. */
@Injectable()
export class ApplicationRecords {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async partiesOf(manager: EntityManager, application: ChallengeApplication): Promise<ChallengeParties | null> {
    const challenge = await manager.findOneBy(TechDemand, { id: application.demandId });
    return challenge && partiesAround(challenge, application.applicantOrganizationId);
  }

  sees(actor: Actor, parties: ChallengeParties): boolean {
    return parties.applicant(actor) || parties.reviewer(actor) || hasRole(actor, 'admin');
  }

  async of(actor: Actor, application: ChallengeApplication): Promise<ApplicationRecord>;
  async of(actor: Actor, applications: ChallengeApplication[]): Promise<ApplicationRecord[]>;
  async of(actor: Actor, applications: ChallengeApplication | ChallengeApplication[]): Promise<ApplicationRecord | ApplicationRecord[]> {
    const list = Array.isArray(applications) ? applications : [applications];
    const ids = list.map((a) => a.id);
    const orgIds = [...new Set(list.map((a) => a.applicantOrganizationId))];
    const demandIds = [...new Set(list.map((a) => a.demandId))];
    const manager = this.dataSource.manager;
    const [orgs, challenges, reviews] = ids.length
      ? await Promise.all([
          manager.findBy(Organization, { id: In(orgIds) }),
          manager.findBy(TechDemand, { id: In(demandIds) }),
          manager.find(ChallengeReview, { where: { applicationId: In(ids) }, order: { createdAt: 'ASC' } }),
        ])
      : [[], [], []];
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    const byId = new Map(challenges.map((c) => [c.id, c]));
    const records = list.map((application): ApplicationRecord => {
      const challenge = byId.get(application.demandId)!;
      const parties = partiesAround(challenge, application.applicantOrganizationId);
      const readsReviews = !parties.applicant(actor) && (parties.reviewer(actor) || hasRole(actor, 'admin'));
      return {
        application,
        applicantName: names.get(application.applicantOrganizationId) ?? '',
        challenge: { id: challenge.id, title: titleFor(actor, challenge, parties) },
        reviews: readsReviews ? reviews.filter((r) => r.applicationId === application.id) : null,
      };
    });
    return Array.isArray(applications) ? records : records[0]!;
  }
}

function partiesAround(challenge: TechDemand, applicantOrganizationId: string): ChallengeParties {
  const applicant = (actor: Actor) => actsFor(actor, applicantOrganizationId);
  const owner = (actor: Actor) => actsFor(actor, challenge.organizationId);
  return {
    challenge,
    applicantOrganizationId,
    applicant,
    owner,
    reviewer: (actor) => !applicant(actor) && (owner(actor) || hasRole(actor, 'organizer')),
  };
}

/** A confidential challenge shows its neutral title to anyone but its owner and the applicant it was disclosed to. */
function titleFor(actor: Actor, challenge: TechDemand, parties: ChallengeParties): string {
  return challenge.visibility !== 'confidential' || parties.owner(actor) || parties.applicant(actor) ? challenge.title : challenge.neutralTitle;
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type Actor,
  actsFor,
  ApplicationStatuses,
  ChallengeApplication,
  ChallengeExpert,
  ChallengeReview,
  Disclosure,
  ForbiddenError,
  hasRole,
  Organization,
  outsiderTitle,
  ownOrganizations,
  type ReviewStage,
  TechDemand,
} from '@techbridge/domain';
import { DataSource, type EntityManager, In, Not, type SelectQueryBuilder } from 'typeorm';
import { ProjectStates } from './milestone-progress-rules';

/** Who stands where around one application: the applicant's side, the challenge owner's side, the platform's organizers. */
export interface ChallengeParties {
  challenge: TechDemand;
  applicantOrganizationId: string;
  applicant(actor: Actor): boolean;
  owner(actor: Actor): boolean;
  /**
   * Acts for another organisation with a live (not withdrawn) application to the same challenge: a
   * competitor, who neither reviews nor reads this application, whatever its other roles.
   */
  competitor(actor: Actor): boolean;
  /** Scores and decides: the owner's side and organizers (never the applicant's side, nor a competitor). */
  reviewer(actor: Actor): boolean;
  /** The stages an appointed expert scores at; null for anyone not appointed (or on the applicant's side, or a competitor). */
  expertStages(actor: Actor): readonly ReviewStage[] | null;
  /** The challenge's title as the applicant may read it (in what it is told, too): a confidential one's real title only once disclosed to the applicant. */
  applicantTitle: string;
}

/** An application as one caller may read it. */
export interface ApplicationRecord {
  application: ChallengeApplication;
  applicantName: string;
  challenge: { id: string; title: string };
  /** The reviewers' scores: for the reviewing side and admins, an expert's own only; null for the applicant. */
  reviews: ChallengeReview[] | null;
  /**
   * 项目终止 of an awarded application, for those who follow the project (followsProject); null when
   * it runs on or the caller is an expert. The application itself stays `awarded`.
   */
  termination: { at: Date; reason: string } | null;
}

/**
 * The status as shown (view, spreadsheet): 已终止 for an awarded project its reader knows was
 * terminated, as the ledger shows it; the stored status (and the figures) stay `awarded`.
 */
export const statusLabelOf = ({ application, termination }: Pick<ApplicationRecord, 'application' | 'termination'>): string =>
  termination ? ProjectStates.label('terminated') : ApplicationStatuses.label(application.status);

/** Reads the parties around applications and shapes what each caller may see of them. */
@Injectable()
export class ApplicationRecords {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async partiesOf(manager: EntityManager, application: ChallengeApplication): Promise<ChallengeParties | null> {
    // One after the other: `manager` may be a transaction's, whose connection runs one query at a time.
    const challenge = await manager.findOneBy(TechDemand, { id: application.demandId });
    const experts = await manager.findBy(ChallengeExpert, { demandId: application.demandId });
    const disclosed = await manager.existsBy(Disclosure, { itemKind: 'demand', itemId: application.demandId, organizationId: application.applicantOrganizationId });
    const live = await manager.find(ChallengeApplication, { select: { applicantOrganizationId: true }, where: { demandId: application.demandId, status: Not('withdrawn') } });
    return challenge && partiesAround(challenge, application.applicantOrganizationId, experts, live.map((a) => a.applicantOrganizationId), disclosed);
  }

  /**
   * Limits a query over applications (alias `a`, its challenge joined as `d`) to those the caller
   * sees: its own, those to its challenges, and, with `experts`, those it was appointed to score.
   * Organizers and admins see all. A competitor sees only its own (see ChallengeParties.competitor).
   */
  visibleTo<Q extends SelectQueryBuilder<ChallengeApplication>>(qb: Q, actor: Actor, experts: boolean): Q {
    const orgs = ownOrganizations(actor);
    const params = { orgs: orgs.length ? orgs : [null], userId: actor.userId };
    qb.andWhere(
      `(a.applicant_organization_id IN (:...orgs) OR NOT EXISTS (SELECT 1 FROM challenge_applications rival WHERE rival.demand_id = a.demand_id AND rival.applicant_organization_id IN (:...orgs) AND rival.status <> 'withdrawn'))`,
      params,
    );
    if (hasRole(actor, 'admin') || hasRole(actor, 'organizer')) return qb;
    const expertClause = experts ? ' OR a.demand_id IN (SELECT e.demand_id FROM challenge_experts e WHERE e.user_id = :userId)' : '';
    return qb.andWhere(`(a.applicant_organization_id IN (:...orgs) OR d.organization_id IN (:...orgs)${expertClause})`, params);
  }

  sees(actor: Actor, parties: ChallengeParties): boolean {
    return parties.applicant(actor) || parties.reviewer(actor) || !!parties.expertStages(actor) || readsAsAdmin(actor, parties);
  }

  async of(actor: Actor, application: ChallengeApplication): Promise<ApplicationRecord>;
  async of(actor: Actor, applications: ChallengeApplication[]): Promise<ApplicationRecord[]>;
  async of(actor: Actor, applications: ChallengeApplication | ChallengeApplication[]): Promise<ApplicationRecord | ApplicationRecord[]> {
    const list = Array.isArray(applications) ? applications : [applications];
    const ids = list.map((a) => a.id);
    const orgIds = [...new Set(list.map((a) => a.applicantOrganizationId))];
    const demandIds = [...new Set(list.map((a) => a.demandId))];
    const manager = this.dataSource.manager;
    const own = ownOrganizations(actor);
    const [orgs, challenges, reviews, experts, ownLive, disclosures] = ids.length
      ? await Promise.all([
          manager.findBy(Organization, { id: In(orgIds) }),
          manager.findBy(TechDemand, { id: In(demandIds) }),
          manager.find(ChallengeReview, { where: { applicationId: In(ids) }, order: { createdAt: 'ASC' } }),
          manager.findBy(ChallengeExpert, { demandId: In(demandIds), userId: actor.userId }),
          // Only the caller's own live applications: enough to tell whether the caller is a competitor.
          own.length ? manager.find(ChallengeApplication, { select: { demandId: true, applicantOrganizationId: true }, where: { demandId: In(demandIds), applicantOrganizationId: In(own), status: Not('withdrawn') } }) : [],
          manager.findBy(Disclosure, { itemKind: 'demand', itemId: In(demandIds), organizationId: In(orgIds) }),
        ])
      : [[], [], [], [], [], []];
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    const byId = new Map(challenges.map((c) => [c.id, c]));
    const records = list.map((application): ApplicationRecord => {
      const challenge = byId.get(application.demandId)!;
      const live = ownLive.filter((a) => a.demandId === challenge.id).map((a) => a.applicantOrganizationId);
      const disclosed = disclosures.some((d) => d.itemId === challenge.id && d.organizationId === application.applicantOrganizationId);
      const parties = partiesAround(challenge, application.applicantOrganizationId, experts, live, disclosed);
      const scores = reviews.filter((r) => r.applicationId === application.id);
      const readsAll = parties.reviewer(actor) || readsAsAdmin(actor, parties);
      // Experts judge independently: each reads only the scores they gave.
      const readsOwn = !readsAll && !!parties.expertStages(actor);
      return {
        application,
        applicantName: names.get(application.applicantOrganizationId) ?? '',
        challenge: { id: challenge.id, title: titleFor(actor, challenge, parties) },
        reviews: readsAll ? scores : readsOwn ? scores.filter((r) => r.reviewerId === actor.userId) : null,
        termination: application.terminatedAt && followsProject(actor, parties) ? { at: application.terminatedAt, reason: application.terminationReason ?? '' } : null,
      };
    });
    return Array.isArray(applications) ? records : records[0]!;
  }
}

/** `liveApplicants`: the organisations with a live application to the challenge (at least those the caller acts for). */
function partiesAround(challenge: TechDemand, applicantOrganizationId: string, experts: readonly ChallengeExpert[], liveApplicants: readonly string[], disclosedToApplicant: boolean): ChallengeParties {
  const applicant = (actor: Actor) => actsFor(actor, applicantOrganizationId);
  const owner = (actor: Actor) => actsFor(actor, challenge.organizationId);
  const competitor = (actor: Actor) => !applicant(actor) && liveApplicants.some((org) => actsFor(actor, org));
  // Neither side of the race judges it: the applicant its own application, a competitor the others.
  const party = (actor: Actor) => applicant(actor) || competitor(actor);
  return {
    challenge,
    applicantOrganizationId,
    applicant,
    owner,
    competitor,
    reviewer: (actor) => !party(actor) && (owner(actor) || hasRole(actor, 'organizer')),
    expertStages: (actor) => (party(actor) ? null : (experts.find((e) => e.userId === actor.userId && e.demandId === challenge.id)?.stages ?? null)),
    applicantTitle: titleToApplicant(challenge, disclosedToApplicant),
  };
}

/**
 * The challenge's title as its applicant reads it, in records and notices alike: a confidential
 * one's real title only while disclosed to the applicant (it may have been made confidential after
 * the application, or the disclosure revoked).
 */
export const titleToApplicant = (challenge: Pick<TechDemand, 'title' | 'neutralTitle' | 'visibility'>, disclosedToApplicant: boolean): string =>
  disclosedToApplicant ? challenge.title : outsiderTitle(challenge);

/**
 * Who follows an awarded project (progress, ledger, its termination): its team, the challenge's
 * owner, organizers and admins; experts score applications, they do not follow projects.
 */
export const followsProject = (actor: Actor, parties: ChallengeParties): boolean => parties.applicant(actor) || parties.reviewer(actor) || readsAsAdmin(actor, parties);

/** Admins read every application with its scores, but those of a race their organisation runs in. */
const readsAsAdmin = (actor: Actor, parties: ChallengeParties): boolean => hasRole(actor, 'admin') && !parties.applicant(actor) && !parties.competitor(actor);

/** A confidential challenge shows its neutral title to anyone but its owner and the applicant it was disclosed to. */
function titleFor(actor: Actor, challenge: TechDemand, parties: ChallengeParties): string {
  if (parties.owner(actor)) return challenge.title;
  return parties.applicant(actor) ? parties.applicantTitle : outsiderTitle(challenge);
}

/** Who decides on an application: the challenge's owner and the organizers; appointed experts only score. */
export function assertDecides(actor: Actor, parties: ChallengeParties): void {
  if (parties.applicant(actor)) throw new ForbiddenError('conflict_of_interest', 'the applicant cannot review or decide its own application');
  if (parties.reviewer(actor)) return;
  if (parties.expertStages(actor)) throw new ForbiddenError('experts_score_only', 'appointed experts score applications; the challenge’s owner and the organizers decide');
  throw new ForbiddenError('not_a_reviewer', 'only the challenge’s owner and the platform’s organizers review applications');
}

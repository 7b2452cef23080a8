import type { OrganizationType } from '../codes/catalog-codes';
import type { MemberRole, PlatformRole } from './user.entity';

/** Who is asking: built once per request from the access token and passed to every use case. */
export interface Actor {
  userId: string;
  email: string;
  /** The user's own organisation (admins and some organizers may have none). */
  organizationId: string | null;
  organizationType: OrganizationType | null;
  memberRole: MemberRole;
  roles: readonly PlatformRole[];
  /** Organisations this user serves as a broker. */
  brokerFor: readonly string[];
  /** When a broker acts for one of them (header X-Acting-Organization). */
  actingFor: string | null;
  requestId: string | null;
  ip: string | null;
  /** The sign-in session (refresh-token family) the access token belongs to. */
  sessionId: string;
}

export const hasRole = (actor: Actor, role: PlatformRole): boolean => actor.roles.includes(role);

/** The organisation a write is made on behalf of. */
export const onBehalfOf = (actor: Actor): string | null => actor.actingFor ?? actor.organizationId;

/** The organisations a caller speaks for: its own, and those it serves as a broker. */
export const ownOrganizations = (actor: Actor | null): string[] =>
  actor ? [...new Set([actor.organizationId, ...(hasRole(actor, 'broker') ? actor.brokerFor : [])].filter((o): o is string => !!o))] : [];

/** Members act for their organisation; brokers act for the organisations they serve. */
export const actsFor = (actor: Actor, organizationId: string): boolean =>
  actor.organizationId === organizationId || (hasRole(actor, 'broker') && actor.brokerFor.includes(organizationId));

/** May edit the organisation's profile: its owners and admins, the brokers serving it, platform admins. */
export const editsOrganizationProfile = (actor: Actor, organizationId: string): boolean =>
  (actor.organizationId === organizationId && actor.memberRole !== 'member') ||
  (hasRole(actor, 'broker') && actor.brokerFor.includes(organizationId)) ||
  hasRole(actor, 'admin');

/** May manage the organisation's members and invitations: its own owners and admins, platform admins. */
export const managesMembers = (actor: Actor, organizationId: string): boolean =>
  (actor.organizationId === organizationId && actor.memberRole !== 'member') || hasRole(actor, 'admin');

/** May see the organisation's members: its members, the brokers serving it, platform admins. */
export const seesMembers = (actor: Actor, organizationId: string): boolean => actsFor(actor, organizationId) || hasRole(actor, 'admin');

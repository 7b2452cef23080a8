import type { Actor, DomainError } from '@techbridge/domain';
import { assertMayIssueReset, issuerMayStillReset, type ResetTarget } from './password-reset-rules';

const ORG = 'org-1';
const actor = (overrides: Partial<Actor> = {}): Actor => ({
  userId: 'caller',
  email: 'caller@example.test',
  organizationId: ORG,
  organizationType: 'enterprise',
  memberRole: 'owner',
  roles: [],
  brokerFor: [],
  actingFor: null,
  requestId: null,
  ip: null,
  sessionId: 'session',
  ...overrides,
});
const target = (overrides: Partial<ResetTarget> = {}): ResetTarget => ({ id: 'target', organizationId: ORG, memberRole: 'member', platformRoles: [], active: true, expert: false, ...overrides });

/** The error code a call is refused with, or 'allowed'. */
function outcome(caller: Actor, who: ResetTarget | null, via?: string): string {
  try {
    assertMayIssueReset(caller, 'target', who, via);
    return 'allowed';
  } catch (e) {
    return (e as DomainError).code;
  }
}

describe('who may issue a password reset', () => {
  it.each([
    ['owner → member', actor(), target(), 'allowed'],
    ['owner → admin', actor(), target({ memberRole: 'admin' }), 'allowed'],
    ['admin → member', actor({ memberRole: 'admin' }), target(), 'allowed'],
    ['admin → admin', actor({ memberRole: 'admin' }), target({ memberRole: 'admin' }), 'outranked'],
    ['admin → owner', actor({ memberRole: 'admin' }), target({ memberRole: 'owner' }), 'outranked'],
    ['member → member', actor({ memberRole: 'member' }), target(), 'not_organization_admin'],
    ['owner → a member holding a platform role', actor(), target({ platformRoles: ['broker'] }), 'platform_role_holder'],
    ['platform admin → a member holding a platform role', actor({ organizationId: null, roles: ['admin'] }), target({ platformRoles: ['broker'] }), 'allowed'],
    ['owner → an expert (专家库 or a review panel)', actor(), target({ expert: true }), 'expert_account'],
    ['platform admin → an expert', actor({ organizationId: null, roles: ['admin'] }), target({ expert: true }), 'allowed'],
    ['owner → a member of another organisation', actor(), target({ organizationId: 'org-2' }), 'member_not_found'],
    ['owner of another organisation', actor({ organizationId: 'org-2' }), target(), 'organization_not_found'],
    ['broker serving the organisation', actor({ organizationId: 'agency', roles: ['broker'], brokerFor: [ORG] }), target(), 'not_organization_admin'],
    ['owner → self', actor(), target({ id: 'caller', memberRole: 'owner' }), 'own_account'],
    ['owner → a deactivated member', actor(), target({ active: false }), 'account_deactivated'],
    ['owner → nobody', actor(), null, 'member_not_found'],
  ])('through the organisation: %s', (_name, caller, who, expected) => {
    expect(outcome(caller, who, ORG)).toBe(expected);
  });

  it('through the admin route, a missing user is user_not_found, and a caller no longer an admin is refused', () => {
    expect(outcome(actor({ roles: ['admin'] }), null)).toBe('user_not_found');
    expect(outcome(actor({ roles: ['admin'] }), target({ organizationId: null, memberRole: 'member', platformRoles: ['admin'] }))).toBe('allowed');
    // The organisation's owner, whose admin role was revoked: not even a member of their own organisation.
    expect(outcome(actor(), target())).toBe('role_required');
  });
});

describe('whether an issued reset still stands', () => {
  const issuer = (overrides: Partial<Parameters<typeof issuerMayStillReset>[0] & object> = {}) =>
    ({ id: 'issuer', email: 'issuer@example.test', organizationId: ORG, memberRole: 'admin' as const, platformRoles: [], active: true, ...overrides });

  it.each([
    ['its issuer still an admin above the member', issuer(), target(), true],
    ['its issuer made a plain member', issuer({ memberRole: 'member' }), target(), false],
    ['its issuer gone from the organisation', issuer({ organizationId: null }), target(), false],
    ['its issuer deactivated', issuer({ active: false }), target(), false],
    ['its issuer gone', null, target(), false],
    ['the member an expert now', issuer(), target({ expert: true }), false],
    ['the member out of the organisation', issuer(), target({ organizationId: null }), false],
    ['a platform admin’s, for a member of no organisation', issuer({ organizationId: null, memberRole: 'member', platformRoles: ['admin'] }), target({ organizationId: null }), true],
  ])('%s: %s', (_name, who, forWhom, expected) => {
    expect(issuerMayStillReset(who, forWhom)).toBe(expected);
  });
});

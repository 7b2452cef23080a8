import type { Actor, DomainError, MemberRole } from '@techbridge/domain';
import { assertMayRemove, roleChange } from './member-role-rules';

const actor = (memberRole: MemberRole, roles: Actor['roles'] = []): Actor => ({
  userId: 'caller', email: 'c@example.test', organizationId: 'org', organizationType: 'enterprise', memberRole, roles, brokerFor: [], actingFor: null, requestId: null, ip: null, sessionId: 's',
});
const outcome = (caller: Actor, from: MemberRole, to: MemberRole, id = 'target'): string => {
  try {
    const change = roleChange(caller, { id, memberRole: from }, to);
    return change.kind === 'set' ? `set ${change.to}` : change.kind;
  } catch (e) {
    return (e as DomainError).code;
  }
};

const removal = (caller: Actor, target: MemberRole): string => {
  try {
    assertMayRemove(caller, { id: 'target', memberRole: target });
    return 'removed';
  } catch (e) {
    return (e as DomainError).code;
  }
};

describe('who may change a member’s role or remove them', () => {
  it.each([
    ['owner', 'member', 'admin', 'set admin'],
    ['owner', 'admin', 'member', 'set member'],
    ['owner', 'member', 'owner', 'transfer_ownership'],
    ['owner', 'admin', 'owner', 'transfer_ownership'],
    ['admin', 'member', 'admin', 'set admin'],
    ['admin', 'admin', 'member', 'outranked'],
    ['admin', 'member', 'owner', 'owner_only'],
    ['admin', 'owner', 'member', 'owner_role'],
    ['owner', 'member', 'member', 'role_unchanged'],
  ] as const)('a %s making a %s %s: %s', (caller, from, to, expected) => {
    expect(outcome(actor(caller), from, to)).toBe(expected);
  });

  it('nobody changes their own role but a platform admin, who may also hand any ownership over', () => {
    expect(outcome(actor('owner'), 'owner', 'admin', 'caller')).toBe('own_role');
    expect(outcome(actor('member', ['admin']), 'member', 'owner')).toBe('transfer_ownership');
    expect(outcome(actor('member', ['admin']), 'admin', 'member')).toBe('set member');
    expect(outcome(actor('member', ['admin']), 'owner', 'member')).toBe('owner_role');
  });

  it.each([
    ['owner', 'admin', 'removed'],
    ['owner', 'member', 'removed'],
    ['admin', 'member', 'removed'],
    ['admin', 'admin', 'outranked'],
    ['admin', 'owner', 'cannot_remove_owner'],
  ] as const)('a %s removing a %s: %s', (caller, target, expected) => {
    expect(removal(actor(caller), target)).toBe(expected);
  });

  it('a platform admin removes any member but the owner, whatever their own member role', () => {
    expect(removal(actor('member', ['admin']), 'admin')).toBe('removed');
    expect(removal(actor('member', ['admin']), 'owner')).toBe('cannot_remove_owner');
  });
});

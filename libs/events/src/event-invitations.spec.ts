import { eventInvitationToken, invitationIdOf } from './event-invitations';

describe('event invitation tokens', () => {
  const id = '3f2b9c1e-8a4d-4e6f-9b0a-1c2d3e4f5a6b';

  it('names its invitation under the secret it was issued with, and nothing else', () => {
    const token = eventInvitationToken('secret-a', id);
    expect(invitationIdOf('secret-a', token)).toBe(id);
    expect(invitationIdOf('secret-b', token)).toBeNull();
    const [, signature] = token.split('.');
    expect(invitationIdOf('secret-a', `${'0'.repeat(8)}${id.slice(8)}.${signature}`)).toBeNull();
    for (const bad of ['', id, `${id}.`, `${token}.x`, 'not-a-uuid.abc', `${id}.${signature!.slice(1)}`]) expect(invitationIdOf('secret-a', bad)).toBeNull();
  });
});

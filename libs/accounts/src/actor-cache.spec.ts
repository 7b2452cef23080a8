import { type ActorBase, ActorCache } from './actor-cache';

const base = (userId: string): ActorBase => ({
  userId, email: `${userId}@example.test`, organizationId: null, organizationType: null, memberRole: 'member', roles: [], brokerFor: [], sessionId: 's',
});

describe('the actor cache', () => {
  it('keeps what a request read only if no user was forgotten while it read', () => {
    const cache = new ActorCache();
    const mark = cache.mark();
    cache.forgetUser('someone');
    cache.set('token', base('u1'), mark);
    expect(cache.get('token')).toBeUndefined();
    cache.set('token', base('u1'), cache.mark());
    expect(cache.get('token')).toEqual(base('u1'));
  });

  it('forgets a changed user again once the change has ended: what a request cached before the commit goes', async () => {
    const cache = new ActorCache();
    await cache.forgetting(async (forget) => {
      forget('u1');
      // A request between the change and its commit reads, and caches, the old state.
      cache.set('token', base('u1'), cache.mark());
      expect(cache.get('token')).toBeDefined();
    });
    expect(cache.get('token')).toBeUndefined();
  });

  it('forgets also when the change fails, and forgets only the users named', async () => {
    const cache = new ActorCache();
    cache.set('other', base('u2'), cache.mark());
    await expect(
      cache.forgetting(async (forget) => {
        forget('u1');
        cache.set('token', base('u1'), cache.mark());
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(cache.get('token')).toBeUndefined();
    expect(cache.get('other')).toEqual(base('u2'));
  });
});

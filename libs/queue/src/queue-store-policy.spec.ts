import { judgeEvictionPolicy, readEvictionPolicy } from './queue-store-policy';

describe('the queue store eviction policy', () => {
  it('runs on noeviction only, unless evicting is explicitly allowed', () => {
    expect(judgeEvictionPolicy('noeviction', false)).toEqual({ verdict: 'kept' });
    expect(judgeEvictionPolicy('noeviction', true)).toEqual({ verdict: 'kept' });
    const refused = judgeEvictionPolicy('volatile-lru', false);
    expect(refused.verdict).toBe('evicting');
    expect(refused).toMatchObject({ message: expect.stringMatching(/maxmemory-policy is volatile-lru.*noeviction.*REDIS_ALLOW_EVICTION=true/) });
    expect(judgeEvictionPolicy('allkeys-lru', true)).toMatchObject({ verdict: 'allowed', message: expect.stringContaining('allkeys-lru') });
  });

  it('an unreadable policy is not refused, but said to be unknown', () => {
    expect(judgeEvictionPolicy(undefined, false)).toMatchObject({ verdict: 'unknown', message: expect.stringContaining('could not read') });
  });

  const INFO = '# Memory\r\nused_memory:1000\r\nmaxmemory:0\r\nmaxmemory_policy:volatile-lru\r\n';

  it('reads CONFIG GET first', async () => {
    const info = jest.fn(async () => INFO);
    const policy = await readEvictionPolicy({ runCommand: async () => ['maxmemory-policy', 'noeviction'], info });
    expect(policy).toBe('noeviction');
    expect(info).not.toHaveBeenCalled();
  });

  it('falls back on INFO where CONFIG is refused, as managed Redis services do', async () => {
    const refused = async () => {
      throw new Error("ERR unknown command 'config'");
    };
    expect(await readEvictionPolicy({ runCommand: refused, info: async () => INFO })).toBe('volatile-lru');
  });

  it('is unknown when neither answers', async () => {
    const refused = async (): Promise<never> => {
      throw new Error('NOPERM');
    };
    expect(await readEvictionPolicy({ runCommand: refused, info: refused })).toBeUndefined();
    expect(await readEvictionPolicy({ runCommand: async () => [], info: async () => '# Memory\r\nused_memory:1\r\n' })).toBeUndefined();
  });
});

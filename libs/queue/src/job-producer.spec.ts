import type { ModuleRef } from '@nestjs/core';
import { JobProducer, QueueUnavailableError } from './job-producer';

describe('JobProducer while the queue backend does not answer', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps one unanswered call per queue: later ones fail at once instead of piling up, until it settles', async () => {
    jest.useFakeTimers();
    let answer: () => void = () => undefined;
    const addBulk = jest.fn(() => new Promise<void>((resolve) => (answer = resolve)));
    const producer = new JobProducer({ get: () => ({ name: 'matching', addBulk }) } as unknown as ModuleRef);
    const bulk = () => producer.enqueueBulk('matching', [{ name: 'matching.item', data: { kind: 'demand', id: 'd', version: 1 }, jobId: 'j' }]);

    const first = bulk();
    jest.advanceTimersByTime(5_000);
    await expect(first).rejects.toBeInstanceOf(QueueUnavailableError);
    await expect(bulk()).rejects.toThrow('an earlier call is still unanswered');
    expect(addBulk).toHaveBeenCalledTimes(1);

    // The backend is back: the first call settles, and the next is sent again.
    answer();
    await Promise.resolve();
    await Promise.resolve();
    const next = bulk();
    expect(addBulk).toHaveBeenCalledTimes(2);
    answer();
    await expect(next).resolves.toBeUndefined();
  });
});

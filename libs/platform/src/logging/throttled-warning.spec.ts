import { throttledWarning } from './throttled-warning';

describe('throttledWarning', () => {
  afterEach(() => jest.useRealTimers());

  it('logs the first warning, holds back repeats within the interval, and counts them in the next one', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const logged: string[] = [];
    const warn = throttledWarning((m) => logged.push(m), 30_000);
    warn('database unreachable');
    warn('database unreachable');
    warn('database unreachable');
    jest.setSystemTime(1_000_000 + 29_999);
    warn('database unreachable');
    expect(logged).toEqual(['database unreachable']);
    jest.setSystemTime(1_000_000 + 30_000);
    warn('database back?');
    expect(logged).toEqual(['database unreachable', 'database back? (and 3 more like it since the last warning)']);
    jest.setSystemTime(1_000_000 + 60_000);
    warn('again');
    expect(logged[2]).toBe('again');
  });
});

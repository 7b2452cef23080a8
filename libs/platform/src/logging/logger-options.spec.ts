import { pinoHttpOptions } from './logger-options';

describe('request logs', () => {
  it('leave a calendar feed’s secret address out, and keep every other path', () => {
    const req = (pinoHttpOptions('api', 'info').serializers as { req: (r: object) => { url: string } }).req;
    expect(req({ id: '1', method: 'GET', url: '/api/v1/calendars/6f1c2a52-9a43-4f0e-8b1b-9d1f0f3c2a11.Zm9vYmFy.ics?x=1' }).url).toBe('/api/v1/calendars/[redacted]?x=1');
    expect(req({ id: '2', method: 'GET', url: '/api/v1/events/6f1c2a52/agenda.ics' }).url).toBe('/api/v1/events/6f1c2a52/agenda.ics');
  });
});

import { ConfigError, loadEnv, redactUrl } from './env';

const base = { DATABASE_URL: 'postgresql://u:p@db:5432/app' };

describe('loadEnv', () => {
  it('applies defaults: postgres queue without Redis, port 3000, info logs', () => {
    const env = loadEnv(base);
    expect(env).toMatchObject({ port: 3000, queueBackend: 'postgres', queueDatabaseUrl: base.DATABASE_URL, logLevel: 'info', migrationsRun: false });
  });

  it('defaults the queue backend to redis when REDIS_URL is set', () => {
    expect(loadEnv({ ...base, REDIS_URL: 'redis://cache:6379' }).queueBackend).toBe('redis');
    expect(loadEnv({ ...base, REDIS_URL: 'redis://cache:6379', QUEUE_BACKEND: 'postgres' }).queueBackend).toBe('postgres');
  });

  it('reads read replicas and booleans', () => {
    const env = loadEnv({ ...base, DATABASE_READ_URLS: 'postgres://r1/app, postgres://r2/app', MIGRATIONS_RUN: 'yes' });
    expect(env.databaseReadUrls).toEqual(['postgres://r1/app', 'postgres://r2/app']);
    expect(env.migrationsRun).toBe(true);
  });

  it.each([
    [{}, 'DATABASE_URL'],
    [{ ...base, PORT: '70000' }, 'PORT'],
    [{ ...base, MIGRATIONS_RUN: 'maybe' }, 'MIGRATIONS_RUN'],
    [{ ...base, REDIS_URL: 'http://cache' }, 'REDIS_URL'],
    [{ ...base, QUEUE_NAMESPACE: 'Has-Dash' }, 'QUEUE_NAMESPACE'],
    [{ ...base, BODY_LIMIT: 'lots' }, 'BODY_LIMIT'],
    [{ ...base, DATABASE_READ_URLS: 'mysql://r1' }, 'DATABASE_READ_URLS'],
    [{ ...base, MAIL_URL: 'http://mail.example' }, 'MAIL_URL'],
    [{ ...base, MAIL_FROM: 'not an address' }, 'MAIL_FROM'],
    [{ ...base, PUBLIC_URL: 'ftp://portal' }, 'PUBLIC_URL'],
    [{ ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), MAIL_URL: 'smtp://mail:25' }, 'PUBLIC_URL'],
    [{ ...base, NODE_ENV: 'production', JWT_SECRET: 'techbridge-development-secret-not-for-production' }, 'JWT_SECRET'],
    [{ ...base, METRICS_PORT: '9100x' }, 'METRICS_PORT'],
    [{ ...base, METRICS_PORT: '9100', METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), METRICS_PORT: '9100' }, 'METRICS_TOKEN'],
    [{ ...base, TRUST_PROXY: 'all' }, 'TRUST_PROXY'],
    [{ ...base, TRUST_PROXY: '33' }, 'TRUST_PROXY'],
    [{ ...base, TRUST_PROXY: '-1' }, 'TRUST_PROXY'],
    [{ ...base, TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ ...base, TRUST_PROXY: '10.0.0.0/0' }, 'TRUST_PROXY'],
    [{ ...base, TRUST_PROXY: 'loopback, 10.0.0.300' }, 'TRUST_PROXY'],
    [{ ...base, TRUST_PROXY: 'loopback,,10.0.0.1' }, 'TRUST_PROXY'],
  ])('rejects %j naming %s', (raw, variable) => {
    expect(() => loadEnv(raw)).toThrow(ConfigError);
    try {
      loadEnv(raw);
    } catch (err) {
      expect((err as ConfigError).variable).toBe(variable);
      expect((err as Error).message).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
    }
  });

  it('reads the mail settings: off without MAIL_URL, links on the API address unless PUBLIC_URL says otherwise', () => {
    expect(loadEnv({ ...base, PORT: '3100' })).toMatchObject({ mailUrl: undefined, mailFrom: 'TechBridge <no-reply@techbridge.local>', publicUrl: 'http://localhost:3100' });
    const env = loadEnv({ ...base, MAIL_URL: 'smtps://u:p@smtp.example:465', MAIL_FROM: '辽宁科技成果转化平台 <no-reply@kj.example.cn>', PUBLIC_URL: 'https://kj.example.cn/' });
    expect(env).toMatchObject({ mailUrl: 'smtps://u:p@smtp.example:465', mailFrom: '辽宁科技成果转化平台 <no-reply@kj.example.cn>', publicUrl: 'https://kj.example.cn' });
  });

  it('serves no metrics unless METRICS_PORT is set; they listen where the API does unless METRICS_HOST says otherwise', () => {
    expect(loadEnv(base)).toMatchObject({ metricsPort: undefined, metricsToken: undefined, metricsHost: '0.0.0.0' });
    expect(loadEnv({ ...base, HOST: '127.0.0.1', METRICS_PORT: '9100' })).toMatchObject({ metricsPort: 9100, metricsHost: '127.0.0.1' });
    const production = { ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), METRICS_PORT: '9100', METRICS_TOKEN: 't'.repeat(16), METRICS_HOST: '10.0.0.5' };
    expect(loadEnv(production)).toMatchObject({ metricsPort: 9100, metricsToken: 't'.repeat(16), metricsHost: '10.0.0.5' });
  });

  it('trusts no proxy by default, and `true` as the one nearest proxy, never every hop', () => {
    expect(loadEnv(base).trustProxy).toBe(false);
    for (const off of ['false', 'no', '0']) expect(loadEnv({ ...base, TRUST_PROXY: off }).trustProxy).toBe(false);
    for (const one of ['true', 'TRUE', 'yes', '1']) expect(loadEnv({ ...base, TRUST_PROXY: one }).trustProxy).toBe(1);
    expect(loadEnv({ ...base, TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('trusts a list of proxy addresses, subnets and Express’s names for them', () => {
    const env = loadEnv({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.7, fd00::/8, uniquelocal, linklocal' });
    expect(env.trustProxy).toEqual(['loopback', '10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'uniquelocal', 'linklocal']);
  });

  it('redacts passwords in URLs', () => {
    expect(redactUrl('postgresql://app:s3cret@db:5432/x')).toBe('postgresql://app:***@db:5432/x');
    expect(redactUrl('redis://cache:6379')).toBe('redis://cache:6379');
  });
});

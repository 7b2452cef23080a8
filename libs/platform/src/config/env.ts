/**
 * The process configuration, read from the environment and validated once at boot. Every
 * process (API, worker, migration CLI, launcher) goes through `loadEnv`, so a bad value stops
 * any of them with the same one-line message naming the variable.
 */
import { isIP } from 'node:net';

export type NodeEnv = 'development' | 'test' | 'production';
export type QueueBackend = 'redis' | 'postgres';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** false: trust no proxy; a number: that many hops nearest the API; a list: those addresses, subnets or Express's names. */
export type TrustProxy = false | number | string[];

/** Also the DI token: inject `AppEnv` to read the validated configuration. */
export abstract class AppEnv {
  declare readonly nodeEnv: NodeEnv;
  declare readonly host: string;
  declare readonly port: number;
  declare readonly databaseUrl: string;
  /** Read replicas; when given, TypeORM sends reads there and writes to `databaseUrl`. */
  declare readonly databaseReadUrls: string[];
  declare readonly databasePoolSize: number;
  /** Run pending migrations at start-up (under an advisory lock, so replicas may race safely). */
  declare readonly migrationsRun: boolean;
  declare readonly redisUrl: string | undefined;
  /** Run on a Redis whose maxmemory-policy may evict keys (BullMQ's jobs among them); refused unless set. */
  declare readonly redisAllowEviction: boolean;
  declare readonly queueBackend: QueueBackend;
  /** PostgreSQL database that holds BullMQ's tables on the postgres backend. */
  declare readonly queueDatabaseUrl: string;
  /** Redis key prefix, or PostgreSQL schema, that namespaces every queue. */
  declare readonly queueNamespace: string;
  declare readonly workerConcurrency: number;
  declare readonly jwtSecret: string;
  declare readonly logLevel: LogLevel;
  declare readonly bodyLimit: string;
  declare readonly corsOrigins: string[];
  /**
   * Which proxies in front of the API to believe about the client's address (X-Forwarded-For):
   * none (false), the nearest N hops, or the listed addresses; handed to Express as `trust proxy`.
   */
  declare readonly trustProxy: TrustProxy;
  declare readonly shutdownTimeoutMs: number;
  /** API processes on this host sharing the port (Node cluster); more replicas scale further. */
  declare readonly apiProcesses: number;
  /** Load the matching index when the worker starts rather than on its first matching job. */
  declare readonly matchingPreload: boolean;
  /** The first admin, created at start-up when no admin exists yet. */
  declare readonly adminEmail: string | undefined;
  declare readonly adminPassword: string | undefined;
  declare readonly accessTokenTtlSeconds: number;
  declare readonly refreshTokenTtlDays: number;
  /** Sign-in, registration and token refresh attempts allowed per client IP per minute. */
  declare readonly authLimitPerIpPerMinute: number;
  /** Catalogue exports (up to 50,000 rows each, anonymous callers too) allowed per client IP per minute. */
  declare readonly exportLimitPerIpPerMinute: number;
  /** Catalogue searches (list calls, up to three queries each, anonymous callers too) allowed per client IP per minute. */
  declare readonly searchLimitPerIpPerMinute: number;
  /** Sign-in attempts allowed per account per hour (failures also lock the account for a while). */
  declare readonly authLimitPerAccountPerHour: number;
  /** Where e-mail goes: `smtp(s)://user:pass@host:port`, or `file:///dir` (one .eml file per message); unset, none is sent. */
  declare readonly mailUrl: string | undefined;
  /** The sender of every e-mail, e.g. `辽宁科技成果转化平台 <no-reply@example.gov.cn>`. */
  declare readonly mailFrom: string;
  /** The address people open the platform at; links in e-mail start with it. */
  declare readonly publicUrl: string;
  /** Where this process serves Prometheus metrics (`GET /metrics`); unset, it serves none. */
  declare readonly metricsPort: number | undefined;
  declare readonly metricsHost: string;
  /** The bearer token a scrape must carry; required in production when metrics are served. */
  declare readonly metricsToken: string | undefined;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

type RawEnv = Record<string, string | undefined>;

const present = (env: RawEnv, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

function oneOf<T extends string>(env: RawEnv, name: string, allowed: readonly T[], fallback: T): T {
  const value = present(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function integer(env: RawEnv, name: string, fallback: number, min: number, max: number): number {
  const value = present(env, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (got "${value}")`);
  }
  return n;
}

function boolean(env: RawEnv, name: string, fallback: boolean): boolean {
  const value = present(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(name, `must be true or false (got "${value}")`);
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** An address, or a subnet as address/prefix length, that proxy-addr (Express) accepts. */
function proxyAddress(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (family === 4 ? 32 : 128));
}

/**
 * TRUST_PROXY: `true` means the one proxy nearest the API, never every hop: with every hop
 * trusted, req.ip is the left-most X-Forwarded-For entry, which the client itself writes.
 */
function trustProxy(env: RawEnv): TrustProxy {
  const value = present(env, 'TRUST_PROXY');
  if (value === undefined || ['false', 'no'].includes(value.toLowerCase())) return false;
  if (['true', 'yes'].includes(value.toLowerCase())) return 1;
  if (/^\d+$/.test(value)) {
    const hops = integer(env, 'TRUST_PROXY', 0, 0, 32);
    return hops === 0 ? false : hops;
  }
  const entries = value.split(',').map((s) => s.trim());
  const bad = entries.find((e) => !proxyAddress(e));
  if (bad !== undefined) {
    throw new ConfigError('TRUST_PROXY', `must be false, true (one proxy), a number of proxies from 0 to 32, or a comma-separated list of addresses, subnets (10.0.0.0/8) or loopback, linklocal, uniquelocal (got "${bad}")`);
  }
  return entries;
}

function url(name: string, value: string, protocols: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL like ${protocols[0]}//host:port/… (got "${redactUrl(value)}")`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
  }
  return value;
}

/** Never echo a password back into logs or error messages. */
export function redactUrl(value: string): string {
  return value.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

const POSTGRES = ['postgres:', 'postgresql:'] as const;
const REDIS = ['redis:', 'rediss:'] as const;
const DEV_JWT_SECRET = 'techbridge-development-secret-not-for-production';

function requiredUrl(env: RawEnv, name: string, protocols: readonly string[]): string {
  const value = present(env, name);
  if (value === undefined) throw new ConfigError(name, 'is required');
  return url(name, value, protocols);
}

function list(env: RawEnv, name: string): string[] {
  return (present(env, name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function adminAccount(env: RawEnv): { adminEmail: string | undefined; adminPassword: string | undefined } {
  const adminEmail = present(env, 'ADMIN_EMAIL')?.toLowerCase();
  const adminPassword = present(env, 'ADMIN_PASSWORD');
  if (adminEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) throw new ConfigError('ADMIN_EMAIL', `must be an e-mail address (got "${adminEmail}")`);
  if (adminEmail && !adminPassword) throw new ConfigError('ADMIN_PASSWORD', 'is required when ADMIN_EMAIL is set');
  if (adminPassword && !adminEmail) throw new ConfigError('ADMIN_EMAIL', 'is required when ADMIN_PASSWORD is set');
  if (adminPassword && adminPassword.length < 10) throw new ConfigError('ADMIN_PASSWORD', 'must be at least 10 characters');
  return { adminEmail, adminPassword };
}

const MAIL = ['smtp:', 'smtps:', 'file:'] as const;
const HTTP = ['http:', 'https:'] as const;

function mail(env: RawEnv, nodeEnv: NodeEnv, port: number): { mailUrl: string | undefined; mailFrom: string; publicUrl: string } {
  const raw = present(env, 'MAIL_URL');
  const mailUrl = raw === undefined ? undefined : url('MAIL_URL', raw, MAIL);
  // Links to localhost would reach nobody.
  if (mailUrl && nodeEnv === 'production' && !present(env, 'PUBLIC_URL')) throw new ConfigError('PUBLIC_URL', 'is required in production when MAIL_URL is set (links in e-mail lead there)');
  const mailFrom = present(env, 'MAIL_FROM') ?? 'TechBridge <no-reply@techbridge.local>';
  // A bare address, or a display name with the address in angle brackets.
  if (!/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(mailFrom)) {
    throw new ConfigError('MAIL_FROM', `must be an e-mail address, optionally as "Name <address>" (got "${mailFrom}")`);
  }
  const publicUrl = url('PUBLIC_URL', present(env, 'PUBLIC_URL') ?? `http://localhost:${port}`, HTTP).replace(/\/+$/, '');
  return { mailUrl, mailFrom, publicUrl };
}

function metrics(env: RawEnv, nodeEnv: NodeEnv, host: string): { metricsPort: number | undefined; metricsHost: string; metricsToken: string | undefined } {
  const metricsPort = present(env, 'METRICS_PORT') === undefined ? undefined : integer(env, 'METRICS_PORT', 0, 0, 65535);
  const metricsToken = present(env, 'METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters');
  // Queue depths and request rates are not for the public: in production a scrape must say who it is.
  if (metricsPort !== undefined && nodeEnv === 'production' && metricsToken === undefined) throw new ConfigError('METRICS_TOKEN', 'is required in production when METRICS_PORT is set');
  return { metricsPort, metricsHost: present(env, 'METRICS_HOST') ?? host, metricsToken };
}

export function loadEnv(env: RawEnv = process.env): AppEnv {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'], 'development');
  const databaseUrl = requiredUrl(env, 'DATABASE_URL', POSTGRES);
  const redisUrlRaw = present(env, 'REDIS_URL');
  const redisUrl = redisUrlRaw === undefined ? undefined : url('REDIS_URL', redisUrlRaw, REDIS);
  const queueBackend = oneOf(env, 'QUEUE_BACKEND', ['redis', 'postgres'], redisUrl ? 'redis' : 'postgres');
  if (queueBackend === 'redis' && !redisUrl) {
    throw new ConfigError('REDIS_URL', 'is required when QUEUE_BACKEND is redis');
  }
  const queueNamespace = present(env, 'QUEUE_NAMESPACE') ?? 'bullmq';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(queueNamespace)) {
    throw new ConfigError('QUEUE_NAMESPACE', `must be lower-case letters, digits and _ (got "${queueNamespace}")`);
  }
  const jwtSecret = present(env, 'JWT_SECRET') ?? (nodeEnv === 'production' ? '' : DEV_JWT_SECRET);
  if (jwtSecret === '') throw new ConfigError('JWT_SECRET', 'is required in production');
  if (jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
  if (nodeEnv === 'production' && jwtSecret === DEV_JWT_SECRET) {
    throw new ConfigError('JWT_SECRET', 'must not be the development default in production');
  }
  const bodyLimit = present(env, 'BODY_LIMIT') ?? '1mb';
  if (!/^\d+(b|kb|mb)$/i.test(bodyLimit)) {
    throw new ConfigError('BODY_LIMIT', `must be a size like 512kb or 1mb (got "${bodyLimit}")`);
  }
  const host = present(env, 'HOST') ?? '0.0.0.0';
  return {
    nodeEnv,
    host,
    port,
    databaseUrl,
    databaseReadUrls: list(env, 'DATABASE_READ_URLS').map((u) => url('DATABASE_READ_URLS', u, POSTGRES)),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 500),
    migrationsRun: boolean(env, 'MIGRATIONS_RUN', false),
    redisUrl,
    redisAllowEviction: boolean(env, 'REDIS_ALLOW_EVICTION', false),
    queueBackend,
    queueDatabaseUrl: present(env, 'QUEUE_DATABASE_URL')
      ? requiredUrl(env, 'QUEUE_DATABASE_URL', POSTGRES)
      : databaseUrl,
    queueNamespace,
    workerConcurrency: integer(env, 'WORKER_CONCURRENCY', 4, 1, 256),
    jwtSecret,
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    bodyLimit,
    corsOrigins: list(env, 'CORS_ORIGINS'),
    trustProxy: trustProxy(env),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 1_000, 120_000),
    apiProcesses: integer(env, 'API_PROCESSES', 1, 1, 64),
    matchingPreload: boolean(env, 'MATCHING_PRELOAD', true),
    ...adminAccount(env),
    accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 60, 86_400),
    refreshTokenTtlDays: integer(env, 'REFRESH_TOKEN_TTL_DAYS', 30, 1, 365),
    authLimitPerIpPerMinute: integer(env, 'AUTH_LIMIT_PER_IP_PER_MINUTE', 30, 1, 100_000),
    authLimitPerAccountPerHour: integer(env, 'AUTH_LIMIT_PER_ACCOUNT_PER_HOUR', 20, 1, 100_000),
    exportLimitPerIpPerMinute: integer(env, 'EXPORT_LIMIT_PER_IP_PER_MINUTE', 10, 1, 100_000),
    searchLimitPerIpPerMinute: integer(env, 'SEARCH_LIMIT_PER_IP_PER_MINUTE', 120, 1, 100_000),
    ...mail(env, nodeEnv, port),
    ...metrics(env, nodeEnv, host),
  };
}

/** For entry points: a bad configuration ends the process with one line naming the variable. */
export function loadEnvOrExit(env: RawEnv = process.env): AppEnv {
  try {
    return loadEnv(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

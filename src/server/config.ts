import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EMBEDDED_SHARED_BUFFERS_MB } from './db/embedded-settings.ts';
import type { RateLimits } from './plugins/rate-limit.ts';

// The only module that reads process.env. Everything else receives a Config.

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
  ),
  JWT_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  RATE_LIMIT_FACTOR: z.coerce.number().positive().default(1),
  CORS_ORIGINS: optionalString,
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  SLOW_REQUEST_MS: z.coerce.number().int().positive().default(500),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_SHARED_BUFFERS_MB: z.coerce.number().int().min(1).max(65_536).default(EMBEDDED_SHARED_BUFFERS_MB),
  HOME_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(64),
  CALENDAR_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(16),
  SOCKETS_PER_USER: z.coerce.number().int().min(1).max(1_000).default(20),
  // "true" would trust every hop, letting a client pick its own address through X-Forwarded-For.
  TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .refine(
      (v) => v !== 'true',
      'give the number of proxies in front (e.g. 1) or their addresses, not "true"',
    )
    .refine(
      (v) =>
        v === 'false' ||
        /^\d{1,2}$/.test(v) ||
        /^[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*$/.test(v.replace(/\s/g, '')),
      'false, a number of proxies, or a comma-separated list of addresses/CIDRs',
    )
    .transform((v): false | number | string =>
      v === 'false' || v === '0' ? false : /^\d+$/.test(v) ? Number(v) : v.replace(/\s/g, ''),
    ),
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
  ),
  MAIL_FROM: z.string().trim().min(3).default('Abrazo <no-reply@abrazo.local>'),
  RATE_LIMIT_GLOBAL_PER_MINUTE: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_LOGIN_ACCOUNT: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_LOGIN_IP: z.coerce.number().int().positive().default(100),
  RATE_LIMIT_REGISTER: z.coerce.number().int().positive().default(5),
  RATE_LIMIT_PASSWORD_RESET: z.coerce.number().int().positive().default(5),
  RATE_LIMIT_PASSWORD_RESET_IP: z.coerce.number().int().positive().default(20),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  dbPoolSize: number;
  /** The embedded database's shared_buffers, in MiB. */
  embeddedSharedBuffersMb: number;
  /** MiB of first home pages kept per instance (0: none); see modules/memories/home-cache.ts. */
  homeCacheMb: number;
  /** MiB of calendar pages kept per instance for a few seconds (0: none); see modules/events/calendar-cache.ts. */
  calendarCacheMb: number;
  /** Open sockets per user over all instances; the next connection is refused at the handshake. */
  socketsPerUser: number;
  redisUrl: string | undefined;
  jwtSecret: string;
  publicUrl: string;
  isHttps: boolean;
  logLevel: LogLevel;
  rateLimitFactor: number;
  corsOrigins: string[];
  metricsToken: string | undefined;
  slowRequestMs: number;
  /** Fastify's trustProxy: false, a hop count, or trusted proxy addresses/CIDRs. */
  trustProxy: false | number | string;
  smtpUrl: string | undefined;
  mailFrom: string;
  rateLimits: RateLimits;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
    ...crossChecks(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  const corsOrigins = splitList(e.CORS_ORIGINS);

  const dataDir = path.resolve(e.DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://${displayHost(e.HOST)}:${e.PORT}`).replace(/\/$/, '');
  return {
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    dbPoolSize: e.DB_POOL_SIZE,
    embeddedSharedBuffersMb: e.EMBEDDED_SHARED_BUFFERS_MB,
    homeCacheMb: e.HOME_CACHE_MB,
    calendarCacheMb: e.CALENDAR_CACHE_MB,
    socketsPerUser: e.SOCKETS_PER_USER,
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET ?? readOrCreateSecret(dataDir, 'jwt-secret'),
    publicUrl,
    isHttps: publicUrl.startsWith('https://'),
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    rateLimitFactor: e.RATE_LIMIT_FACTOR,
    corsOrigins,
    metricsToken: e.METRICS_TOKEN,
    slowRequestMs: e.SLOW_REQUEST_MS,
    trustProxy: e.TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    rateLimits: scaleLimits(
      {
        globalPerMinute: e.RATE_LIMIT_GLOBAL_PER_MINUTE,
        loginPerAccountPer15Min: e.RATE_LIMIT_LOGIN_ACCOUNT,
        loginPerIpPer15Min: e.RATE_LIMIT_LOGIN_IP,
        registerPerIpPerHour: e.RATE_LIMIT_REGISTER,
        passwordResetPerAccountPerHour: e.RATE_LIMIT_PASSWORD_RESET,
        passwordResetPerIpPerHour: e.RATE_LIMIT_PASSWORD_RESET_IP,
      },
      e.RATE_LIMIT_FACTOR,
    ),
  };
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

// Rules spanning variables, checked on the raw environment so they are reported together with
// any per-variable problem.
function crossChecks(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const isSet = (name: string) => (env[name] ?? '').trim() !== '';
  if (env.NODE_ENV === 'production') {
    if (!isSet('JWT_SECRET')) problems.push('JWT_SECRET: required when NODE_ENV=production');
    if (!isSet('PUBLIC_URL')) problems.push('PUBLIC_URL: required when NODE_ENV=production');
  }
  for (const origin of splitList(env.CORS_ORIGINS)) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) problems.push(`CORS_ORIGINS: "${origin}" is not an origin`);
  }
  return problems;
}

export function scaleLimits(limits: RateLimits, factor: number): RateLimits {
  const scale = (n: number) => Math.max(1, Math.round(n * factor));
  return {
    globalPerMinute: scale(limits.globalPerMinute),
    loginPerAccountPer15Min: scale(limits.loginPerAccountPer15Min),
    loginPerIpPer15Min: scale(limits.loginPerIpPer15Min),
    registerPerIpPerHour: scale(limits.registerPerIpPerHour),
    passwordResetPerAccountPerHour: scale(limits.passwordResetPerAccountPerHour),
    passwordResetPerIpPerHour: scale(limits.passwordResetPerIpPerHour),
  };
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

// A secret generated on first start and kept in the data dir, so tokens survive restarts
// without anyone configuring anything. Production refuses to boot without JWT_SECRET instead.
function readOrCreateSecret(dataDir: string, name: string): string {
  const dir = path.join(dataDir, 'secrets');
  const file = path.join(dir, name);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  // 'wx' fails if another process created it meanwhile; then read theirs.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readFileSync(file, 'utf8').trim();
  }
}

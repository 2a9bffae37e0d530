import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const SECRET = 'a-jwt-secret-that-is-long-enough-0123456789';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'abrazo-config-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig accepted a bad environment');
}

describe('loadConfig defaults', () => {
  it('runs on a bare machine: port 3000 on localhost, embedded database, factor 1', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      env: 'development',
      isProduction: false,
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve(dataDir),
      databaseUrl: undefined,
      redisUrl: undefined,
      rateLimitFactor: 1,
      publicUrl: 'http://127.0.0.1:3000',
      isHttps: false,
      logLevel: 'info',
      corsOrigins: [],
      metricsToken: undefined,
      slowRequestMs: 500,
      homeCacheMb: 64,
      calendarCacheMb: 16,
      socketsPerUser: 20,
      embeddedSharedBuffersMb: 32,
    });
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: '', JWT_SECRET: '  ', PUBLIC_URL: '' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.publicUrl).toBe('http://127.0.0.1:3000');
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('keeps tests quiet by default', () => {
    expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }).logLevel).toBe('silent');
  });

  it('reads explicit values', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://abrazo@db.internal:5432/abrazo',
      RATE_LIMIT_FACTOR: '2.5',
      LOG_LEVEL: 'debug',
      CORS_ORIGINS: 'https://app.example, https://admin.example',
      PUBLIC_URL: 'https://abrazo.example/',
      HOME_CACHE_MB: '0',
      CALENDAR_CACHE_MB: '0',
      SOCKETS_PER_USER: '5',
      EMBEDDED_SHARED_BUFFERS_MB: '128',
    });
    expect(config).toMatchObject({
      embeddedSharedBuffersMb: 128,
      homeCacheMb: 0,
      calendarCacheMb: 0,
      socketsPerUser: 5,
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://abrazo@db.internal:5432/abrazo',
      rateLimitFactor: 2.5,
      logLevel: 'debug',
      corsOrigins: ['https://app.example', 'https://admin.example'],
      publicUrl: 'https://abrazo.example',
      isHttps: true,
    });
  });
});

describe('the JWT secret', () => {
  it('is generated once into <DATA_DIR>/secrets/jwt-secret, readable by the owner only', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, 'secrets', 'jwt-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.jwtSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o077).toBe(0);
  });

  it('is reused by the next start', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.jwtSecret).toBe(first.jwtSecret);
  });

  it('differs between data directories', () => {
    const other = mkdtempSync(path.join(tmpdir(), 'abrazo-config-'));
    try {
      expect(loadConfig({ DATA_DIR: other }).jwtSecret).not.toBe(loadConfig({ DATA_DIR: dataDir }).jwtSecret);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('comes from JWT_SECRET as-is when set, and nothing is written', () => {
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRET });
    expect(config.jwtSecret).toBe(SECRET);
    expect(existsSync(path.join(dataDir, 'secrets', 'jwt-secret'))).toBe(false);
  });
});

describe('bad configuration', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['HOME_CACHE_MB', '-5'],
    ['HOME_CACHE_MB', 'many'],
    ['SOCKETS_PER_USER', '0'],
    ['EMBEDDED_SHARED_BUFFERS_MB', '0'],
    ['SOCKETS_PER_USER', '2.5'],
    ['DATABASE_URL', 'mysql://x'],
    ['RATE_LIMIT_FACTOR', '0'],
    ['RATE_LIMIT_FACTOR', '-2'],
    ['LOG_LEVEL', 'loud'],
    ['CORS_ORIGINS', 'not a url'],
    ['CORS_ORIGINS', 'https://app.example/path'],
    ['JWT_SECRET', 'too-short'],
    ['PUBLIC_URL', 'ftp://abrazo.example'],
    ['NODE_ENV', 'staging'],
  ])('stops the boot when %s=%s, naming the variable', (name, value) => {
    const err = configError({ DATA_DIR: dataDir, [name]: value });
    expect(err.message).toMatch(new RegExp(`\\b${name}\\b`));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(new RegExp(`^${name}\\b`));
  });

  it('names every bad variable at once', () => {
    const err = configError({
      DATA_DIR: dataDir,
      PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      RATE_LIMIT_FACTOR: '0',
      LOG_LEVEL: 'loud',
      CORS_ORIGINS: 'not a url',
    });
    for (const name of ['PORT', 'DATABASE_URL', 'RATE_LIMIT_FACTOR', 'LOG_LEVEL', 'CORS_ORIGINS']) {
      expect(err.message, name).toMatch(new RegExp(`\\b${name}\\b`));
    }
  });

  it('names missing production secrets alongside other bad variables', () => {
    const err = configError({ DATA_DIR: dataDir, NODE_ENV: 'production', PORT: '70000' });
    expect(err.message).toMatch(/\bPORT\b/);
    expect(err.message).toMatch(/\bJWT_SECRET\b/);
    expect(err.message).toMatch(/\bPUBLIC_URL\b/);
  });

  it('writes no secret when the configuration is rejected', () => {
    configError({ DATA_DIR: dataDir, PORT: 'abc' });
    expect(existsSync(path.join(dataDir, 'secrets'))).toBe(false);
  });
});

describe('production', () => {
  it('refuses to start without JWT_SECRET and PUBLIC_URL, naming both', () => {
    const err = configError({ DATA_DIR: dataDir, NODE_ENV: 'production' });
    expect(err.message).toMatch(/\bJWT_SECRET\b/);
    expect(err.message).toMatch(/\bPUBLIC_URL\b/);
    expect(existsSync(path.join(dataDir, 'secrets'))).toBe(false);
  });

  it('starts with both set and turns HTTPS on from an https PUBLIC_URL', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
      PUBLIC_URL: 'https://abrazo.example',
    });
    expect(config).toMatchObject({
      env: 'production',
      isProduction: true,
      jwtSecret: SECRET,
      publicUrl: 'https://abrazo.example',
      isHttps: true,
      logLevel: 'info',
    });
    expect(existsSync(path.join(dataDir, 'secrets'))).toBe(false);
  });

  it('keeps HTTPS off behind an http PUBLIC_URL', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
      PUBLIC_URL: 'http://abrazo.internal:8080',
    });
    expect(config.isHttps).toBe(false);
  });
});

describe('TRUST_PROXY', () => {
  const trust = (value: string) =>
    loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRET, TRUST_PROXY: value }).trustProxy;

  it('trusts no proxy by default', () => {
    expect(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRET }).trustProxy).toBe(false);
  });

  it('takes a number of proxies or a list of their addresses', () => {
    expect(trust('1')).toBe(1);
    expect(trust('10.0.0.0/8, 127.0.0.1')).toBe('10.0.0.0/8,127.0.0.1');
    expect(trust('0')).toBe(false);
  });

  it('refuses "true", which would let clients choose their own address', () => {
    expect(configError({ DATA_DIR: dataDir, JWT_SECRET: SECRET, TRUST_PROXY: 'true' }).message).toMatch(
      /TRUST_PROXY/,
    );
    expect(configError({ DATA_DIR: dataDir, JWT_SECRET: SECRET, TRUST_PROXY: 'yes please' }).message).toMatch(
      /TRUST_PROXY/,
    );
  });
});

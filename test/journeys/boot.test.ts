import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../../src/server/db/client.ts';
import { createUser } from '../factories/users.ts';
import { createProcesses, freePort, stop, waitUntilHealthy } from '../helpers/server-process.ts';

// The real entry point, as `npm start` runs it: config from the environment, the embedded
// database under DATA_DIR, listen, and a graceful shutdown on SIGTERM.

const processes = createProcesses();
const { startServer, makeDataDir } = processes;
afterAll(() => processes.cleanup());

describe('booting the real server', () => {
  it('serves an embedded database, shuts down cleanly and keeps data and secret across restarts', async () => {
    const dataDir = makeDataDir();
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_ENV: 'development' };

    const seed = await openDatabase({ databaseUrl: undefined, dataDir });
    await seed.migrate();
    const user = await createUser(seed.db, { city: 'Rosario' });
    await seed.close();

    const first = startServer(env);
    await waitUntilHealthy(first, port);
    expect(first.logs().find((l) => l.msg === `Abrazo is up at http://127.0.0.1:${port}`)).toMatchObject({
      database: 'embedded',
    });

    const found = await fetch(`http://127.0.0.1:${port}/api/v1/users/${user.username}`);
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({
      data: { id: user.id, username: user.username, city: 'Rosario' },
    });

    const missing = await fetch(`http://127.0.0.1:${port}/api/v1/users/nobody_here`);
    expect(missing.status).toBe(404);
    const body = z
      .object({ error: z.object({ code: z.string(), requestId: z.string() }) })
      .parse(await missing.json());
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.requestId).toBe(missing.headers.get('x-request-id'));

    const secretFile = path.join(dataDir, 'secrets', 'jwt-secret');
    const secret = readFileSync(secretFile, 'utf8');
    expect(secret.trim().length).toBeGreaterThanOrEqual(32);

    expect(await stop(first)).toEqual({ code: 0, signal: null });
    expect(first.logs().map((l) => l.msg)).toContain('shutdown complete');

    const second = startServer(env);
    await waitUntilHealthy(second, port);
    const again = await fetch(`http://127.0.0.1:${port}/api/v1/users/${user.username}`);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ data: { id: user.id } });
    expect(readFileSync(secretFile, 'utf8')).toBe(secret);

    expect(await stop(second)).toEqual({ code: 0, signal: null });
    expect(second.logs().map((l) => l.msg)).toContain('shutdown complete');
  }, 180_000);

  it('refuses to boot with a bad configuration and names the variable', async () => {
    const server = startServer({ PORT: 'abc', DATA_DIR: makeDataDir(), NODE_ENV: 'development' });
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toMatch(/Invalid configuration/);
    expect(server.stderr()).toMatch(/\bPORT\b/);
  });
});

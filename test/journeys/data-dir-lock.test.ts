import { afterAll, describe, expect, it } from 'vitest';
import { createProcesses, freePort, waitUntilHealthy } from '../helpers/server-process.ts';

// One writer per embedded data dir: a second `npm start`, `npm run seed` or `npm run db:migrate`
// beside a running server used to start without complaint, and the seed's rows were gone after a restart.

const processes = createProcesses();
afterAll(() => processes.cleanup());

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('a data dir that a running server holds', () => {
  it('refuses seed, migrate and a second server, keeps serving, and is taken over after a kill -9', async () => {
    const dataDir = processes.makeDataDir();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' };

    const server = processes.startServer({ ...env, PORT: String(port) });
    await waitUntilHealthy(server, port);
    const registered = await fetch(`${base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'lock_keeper',
        email: 'lock_keeper@example.org',
        password: 'milonga-lock-keeper-Pass',
        displayName: 'Keeper',
      }),
    });
    expect(registered.status).toBe(201);

    const pid = String(server.child.pid);
    const second = processes.startServer({ ...env, PORT: String(await freePort()) });
    const refusals = await Promise.all([
      second.exited.then((exit) => ({ ...exit, stderr: second.stderr() })),
      processes.runScript('scripts/seed.ts', ['--users', '20', '--password', 'milonga-seed-Pass1'], env),
      processes.runScript('scripts/migrate.ts', [], env),
      processes.runScript('scripts/set-role.ts', ['--username', 'lock_keeper', '--role', 'moderator'], env),
    ]);
    for (const refusal of refusals) {
      expect(refusal.code, refusal.stderr).toBe(1);
      expect(refusal.stderr).toContain(`is in use by another Abrazo process: pid ${pid}`);
      expect(refusal.stderr).toContain('src/server/main.ts');
      expect(refusal.stderr).toContain('Stop that process first');
    }

    // Still serving, and nothing the refused processes might have written is there.
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const people = await json<{ data: { username: string }[] }>(
      await fetch(`${base}/api/v1/users?limit=100`),
    );
    expect(people.data.map((u) => u.username)).toEqual(['lock_keeper']);
    const keeper = await json<{ data: { staffRole?: unknown } }>(
      await fetch(`${base}/api/v1/users/lock_keeper`),
    );
    expect(keeper.data.staffRole).toBeUndefined();

    server.child.kill('SIGKILL');
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const next = processes.startServer({ ...env, PORT: String(port) });
    await waitUntilHealthy(next, port);
    const after = await json<{ data: { username: string }[] }>(await fetch(`${base}/api/v1/users?limit=100`));
    expect(after.data.map((u) => u.username)).toEqual(['lock_keeper']);
    next.child.kill('SIGTERM');
    expect(await next.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});

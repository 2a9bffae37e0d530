import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, acquireDataDirLock } from './data-dir-lock.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'abrazo-lock-'));
  dirs.push(dir);
  return dir;
}

function writeHolder(dir: string, holder: Record<string, unknown>): void {
  writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ token: 'theirs', ...holder }));
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

function refusal(fn: () => unknown): DataDirLockedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DataDirLockedError) return err;
    throw err;
  }
  throw new Error('the lock was taken');
}

describe('the data dir lock', () => {
  it('names this process as the holder and leaves no file behind once released', () => {
    const dir = dataDir();
    const lock = acquireDataDirLock(dir, 'scripts/seed.ts --users 5');
    const holder = JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as Record<string, unknown>;
    expect(holder).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
      command: 'scripts/seed.ts --users 5',
    });
    lock.release();
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a second holder while the first lives, saying who holds it and what to do', () => {
    const dir = dataDir();
    const lock = acquireDataDirLock(dir, 'src/server/main.ts');
    const err = refusal(() => acquireDataDirLock(dir, 'scripts/migrate.ts'));
    expect(err.holder).toMatchObject({ pid: process.pid, command: 'src/server/main.ts' });
    expect(err.message).toContain(`pid ${process.pid}`);
    expect(err.message).toContain('src/server/main.ts');
    expect(err.message).toMatch(/Stop that process first/);
    expect(err.message).toMatch(/DATABASE_URL/);
    lock.release();
    acquireDataDirLock(dir, 'scripts/migrate.ts').release();
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = dataDir();
    writeHolder(dir, { pid: await deadPid(), hostname: hostname(), command: 'src/server/main.ts' });
    const lock = acquireDataDirLock(dir, 'src/server/main.ts');
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock whose pid now belongs to another process (started at another time)', () => {
    const dir = dataDir();
    writeHolder(dir, { pid: process.pid, hostname: hostname(), procStart: '1', command: 'old server' });
    acquireDataDirLock(dir).release();
  });

  it('takes over a lock file that is not a lock (debris from a full disk)', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, LOCK_FILE), '');
    acquireDataDirLock(dir).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a lock held from another host, since it cannot tell whether that process runs', () => {
    const dir = dataDir();
    writeHolder(dir, { pid: 1, hostname: 'elsewhere', command: 'src/server/main.ts' });
    expect(refusal(() => acquireDataDirLock(dir)).message).toContain('on host elsewhere');
  });

  it('never removes a lock that another process took after this one let go', () => {
    const dir = dataDir();
    const lock = acquireDataDirLock(dir);
    writeHolder(dir, { pid: process.pid, hostname: hostname(), command: 'the next owner' });
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true);
  });
});

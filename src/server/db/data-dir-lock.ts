import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

// One process at a time may open the embedded database: two PGlite instances on one directory each
// keep their own copy of the pages in memory, and the second one's writes are lost when the first
// shuts down. Like PostgreSQL's postmaster.pid, the lock names its holder and is stale once that
// process is gone. A lock refreshed on a timer (proper-lockfile) would not do: PGlite holds the event
// loop for ~5 s while it creates a database, longer than such a lock's staleness window.

export const LOCK_FILE = 'abrazo.lock';

interface Holder {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
  /** Linux: the process's start time in clock ticks (/proc/<pid>/stat), so a reused pid is not taken for the holder. */
  procStart: string | null;
  token: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Omit<Holder, 'token'>,
  ) {
    const where = holder.hostname === hostname() ? '' : ` on host ${holder.hostname}`;
    super(
      `The data directory ${dataDir} is in use by another Abrazo process: pid ${holder.pid}${where} ` +
        `(${holder.command}), running since ${holder.startedAt}.\n` +
        'Only one process may open the embedded database at a time; nothing was changed. Stop that process ' +
        `first (Ctrl-C in its terminal, or \`kill ${holder.pid}\`) and run this again, use another DATA_DIR, ` +
        'or set DATABASE_URL so that several processes share a PostgreSQL server.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  /** Removes the lock if it is still ours; safe to call twice. */
  release(): void;
}

function procStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the last ')'; starttime is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(holder: Holder): boolean {
  if (holder.hostname !== hostname()) return true; // cannot tell from here: assume it runs
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (holder.procStart === null) return true;
  const now = procStartOf(holder.pid);
  return now === null || now === holder.procStart;
}

function readHolder(file: string): Holder | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Holder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.token !== 'string') return 'unreadable';
    return {
      pid: parsed.pid,
      hostname: parsed.hostname ?? hostname(),
      command: parsed.command ?? 'unknown command',
      startedAt: parsed.startedAt ?? 'an unknown time',
      procStart: parsed.procStart ?? null,
      token: parsed.token,
    };
  } catch {
    return 'unreadable';
  }
}

/**
 * Takes the data dir's lock or throws DataDirLockedError naming the process that holds it. A lock
 * whose process is gone (kill -9, power loss) is taken over.
 */
export function acquireDataDirLock(dataDir: string, command = commandLine()): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const mine: Holder = {
    pid: process.pid,
    hostname: hostname(),
    command,
    startedAt: new Date().toISOString(),
    procStart: procStartOf(process.pid),
    token: randomUUID(),
  };
  // Written whole under another name, then linked into place: link fails if the lock exists, so the
  // lock file is never seen half-written and two processes cannot both create it.
  const draft = `${file}.${process.pid}.${mine.token}`;
  writeFileSync(draft, `${JSON.stringify(mine)}\n`, { mode: 0o644 });
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        linkSync(draft, file);
        return ownLock(file, mine.token);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = readHolder(file);
      if (holder === 'missing') continue;
      // A lock file only ever appears whole (linked), so an unreadable one is debris, not a holder.
      if (holder !== 'unreadable' && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
      takeOverStale(file, holder === 'unreadable' ? null : holder.token);
    }
    throw new Error(`could not take the lock ${file}: it keeps changing hands`);
  } finally {
    unlinkSync(draft);
  }
}

/** What this process runs, as a person would recognise it: `src/server/main.ts`, `scripts/seed.ts --users 50`. */
function commandLine(): string {
  const [script, ...args] = process.argv.slice(1);
  if (script === undefined) return 'node';
  return [path.relative(process.cwd(), script) || script, ...args].join(' ');
}

/** Moves a dead holder's lock aside; if another process replaced it in the meantime, puts that one back. */
function takeOverStale(file: string, staleToken: string | null): void {
  const aside = `${file}.stale.${process.pid}.${randomUUID()}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else moved it
    throw err;
  }
  const moved = readHolder(aside);
  const wasStale =
    staleToken === null
      ? moved === 'unreadable'
      : moved !== 'missing' && moved !== 'unreadable' && moved.token === staleToken;
  if (!wasStale) {
    try {
      linkSync(aside, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  unlinkSync(aside);
}

function ownLock(file: string, token: string): DataDirLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    const holder = readHolder(file);
    if (holder !== 'missing' && holder !== 'unreadable' && holder.token === token) unlinkSync(file);
  };
  // A process that exits without closing the database (an uncaught error) leaves no lock behind.
  process.on('exit', release);
  return { release };
}

/** For entry points: a locked data dir ends the process with the lock's message and exit code 1. */
export function exitIfDataDirLocked(err: unknown): never {
  if (err instanceof DataDirLockedError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

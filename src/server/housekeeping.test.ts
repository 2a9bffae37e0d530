import pino from 'pino';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FIRST_PURGE_MS, PURGE_EVERY_MS, startHousekeeping } from './housekeeping.ts';

interface Line {
  level: number;
  msg: string;
}

function capturingLogger() {
  const lines: Line[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as Line);
        cb();
      },
    }),
  );
  return { log, lines };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startHousekeeping', () => {
  it('runs every task a minute after start and then every hour', async () => {
    const { log } = capturingLogger();
    const run = vi.fn(async () => 0);
    const stop = startHousekeeping(log, [{ what: 'old rows', run }]);
    await vi.advanceTimersByTimeAsync(FIRST_PURGE_MS - 1);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(PURGE_EVERY_MS);
    expect(run).toHaveBeenCalledTimes(2);
    stop();
  });

  it('logs a failed task as a warning and still runs the others, then and next time', async () => {
    const { log, lines } = capturingLogger();
    const failing = vi.fn(async () => {
      throw new Error('database away');
    });
    const other = vi.fn(async () => 3);
    const stop = startHousekeeping(log, [
      { what: 'expired sessions and tokens', run: failing },
      { what: 'old feed changes', run: other },
    ]);
    await vi.advanceTimersByTimeAsync(FIRST_PURGE_MS);
    expect(other).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(lines.map((l) => l.msg)).toContain('purged old feed changes'));
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 40, msg: 'purging expired sessions and tokens failed' }),
    );
    await vi.advanceTimersByTimeAsync(PURGE_EVERY_MS);
    expect(failing).toHaveBeenCalledTimes(2);
    expect(other).toHaveBeenCalledTimes(2);
    stop();
  });

  it('logs what a task that adds rows added, in its own words', async () => {
    const { log, lines } = capturingLogger();
    const stop = startHousekeeping(log, [
      { what: 'series dates within the horizon', action: 'add', run: async () => 4 },
      { what: 'due rows', action: 'add', run: () => Promise.reject(new Error('away')) },
    ]);
    await vi.advanceTimersByTimeAsync(FIRST_PURGE_MS);
    await vi.waitFor(() =>
      expect(lines).toContainEqual(
        expect.objectContaining({ msg: 'added series dates within the horizon', added: 4 }),
      ),
    );
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: 'adding due rows failed' }));
    stop();
  });

  it('runs nothing once stopped', async () => {
    const { log } = capturingLogger();
    const run = vi.fn(async () => 0);
    startHousekeeping(log, [{ what: 'old rows', run }])();
    await vi.advanceTimersByTimeAsync(FIRST_PURGE_MS + 2 * PURGE_EVERY_MS);
    expect(run).not.toHaveBeenCalled();
  });
});

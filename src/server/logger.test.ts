import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { closeLogger, createLogger, flushLogger } from './logger.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'abrazo-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = promisify(execFile);

/** The numbers logged as `n`, in the order the file holds them. */
function loggedNumbers(file: string): number[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { n: number }).n);
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * A child process at the other end of a pipe that reads nothing until told to, so the pipe (64 KiB on
 * Linux) fills up. A logger that blocked the event loop on a full pipe would never get to tell it.
 */
function slowReader() {
  const reader = spawn(
    process.execPath,
    [
      '-e',
      `process.once('message', () => {
        let lines = 0, bytes = 0;
        process.stdin
          .on('data', (d) => { bytes += d.length; for (const c of d) if (c === 10) lines++; })
          .on('end', () => { console.log(JSON.stringify({ lines, bytes })); process.disconnect(); });
      });`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit', 'ipc'] },
  );
  const { stdin, stdout } = reader;
  if (!stdin || !stdout) throw new Error('the reader has no pipes');
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const closed = once(reader, 'close');
  return {
    fd: (stdin as unknown as { _handle: { fd: number } })._handle.fd,
    /** Lets the reader read, closes the pipe once `flushed` resolves, and returns what it read. */
    async readAll(flushed: () => Promise<void>): Promise<{ lines: number; bytes: number }> {
      reader.send('read');
      await flushed();
      stdin.end();
      await closed;
      return JSON.parse(out) as { lines: number; bytes: number };
    },
  };
}

describe('createLogger', () => {
  it('writes JSON lines with secrets redacted, and flushLogger waits for them', async () => {
    const file = path.join(dir, 'app.log');
    const log = createLogger('info', file);
    log.info({ req: { headers: { authorization: 'Bearer secret', cookie: 'rt=secret' } } }, 'hello');
    log.debug('not at info');
    await flushLogger(log);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('secret');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 30, msg: 'hello' });
    await closeLogger(log);
  });

  it('writes every line, in order, across several writes', async () => {
    const file = path.join(dir, 'order.log');
    const log = createLogger('info', file);
    for (let n = 0; n < 20_000; n++) {
      log.info({ n }, `línea ${n}`);
      // Let some writes complete mid-way, so that lines arrive while a write is under way.
      if (n % 5000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await closeLogger(log);
    expect(loggedNumbers(file)).toEqual(range(0, 20_000));
  });

  it('keeps the event loop free while a pipe is full, and delivers every line once it is read', async () => {
    const reader = slowReader();
    const log = createLogger('info', reader.fd);
    for (let n = 0; n < 20_000; n++) log.info({ n }, 'x'.repeat(99));
    const read = await reader.readAll(() => flushLogger(log));
    expect(read.lines).toBe(20_000);
  });

  it('drops lines past 16 MiB waiting for a full pipe instead of growing without bound', async () => {
    const reader = slowReader();
    const log = createLogger('info', reader.fd);
    for (let n = 0; n < 24_000; n++) log.info({ n }, 'x'.repeat(1000));
    const read = await reader.readAll(() => flushLogger(log));
    // What the pipe took before it was full, and 16 MiB held behind it.
    expect(read.lines).toBeLessThan(24_000);
    expect(read.bytes).toBeGreaterThan(16 * 1024 * 1024 - 1100);
    expect(read.bytes).toBeLessThan(17 * 1024 * 1024);
  });

  it('writes what is still pending when the process exits', async () => {
    const file = path.join(dir, 'exit.log');
    const script = `
      import { createLogger } from ${JSON.stringify(path.resolve(import.meta.dirname, 'logger.ts'))};
      const log = createLogger('info', ${JSON.stringify(file)});
      for (let n = 0; n < 5000; n++) log.info({ n }, 'before exit');
      process.exit(3);
    `;
    const child = run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    await expect(child).rejects.toMatchObject({ code: 3 });
    const ns = loggedNumbers(file);
    // The first line's write was under way at exit: SonicBoom lets it finish on its own and writes the
    // rest synchronously, so that line is there at most once and may land anywhere.
    expect(ns.filter((n) => n > 0)).toEqual(range(1, 5000));
    expect(ns.filter((n) => n === 0).length).toBeLessThanOrEqual(1);
  });
});

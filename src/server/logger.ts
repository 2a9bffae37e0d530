import { openSync, writeSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import type { LogLevel } from './config.ts';

/** Lines held while the destination cannot take them (a full pipe); past this new lines are dropped and counted. */
const MAX_PENDING_CHARS = 16 * 1024 * 1024;
const RETRY_MS = 10;

/**
 * Where log lines go: collected during an event-loop turn and written with one write at the end of it
 * (setImmediate). pino.destination (SonicBoom) measured its whole pending buffer again for every line,
 * which cost ~1 µs per line under load, and its asynchronous writes cannot be completed at exit without
 * writing some lines twice. Lines still pending at exit are written then.
 */
export class LogStream {
  #pending: string[] = [];
  /** Bytes of an earlier write the destination did not take (it was full). */
  #unwritten: Buffer | undefined;
  #pendingChars = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];
  dropped = 0;

  constructor(
    private readonly fd: number,
    private readonly maxPendingChars = MAX_PENDING_CHARS,
  ) {
    openStreams.add(this);
  }

  write(line: string): boolean {
    if (this.#pendingChars + line.length > this.maxPendingChars) {
      this.dropped += 1;
      return false;
    }
    this.#pending.push(line);
    this.#pendingChars += line.length;
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#writePending());
    }
    return true;
  }

  /** Calls back once every line written so far has reached the file descriptor. */
  flush(cb: () => void): void {
    if (this.#scheduled) this.#idle.push(cb);
    else cb();
  }

  /** Writes what is pending now; for process exit. */
  flushSync(): void {
    for (let attempt = 0; attempt < 100 && this.#pendingChars > 0; attempt++) this.#writeOnce();
  }

  /** Stops taking part in the exit flush (after a final flush by the owner). */
  close(): void {
    openStreams.delete(this);
  }

  #writePending(): void {
    this.#writeOnce();
    if (this.#unwritten) {
      // The destination is full (a pipe nobody reads fast enough): try again shortly.
      setTimeout(() => this.#writePending(), RETRY_MS);
      return;
    }
    this.#scheduled = false;
    for (const cb of this.#idle.splice(0)) cb();
  }

  /** One write of everything pending; what the destination did not take stays pending. */
  #writeOnce(): void {
    const joined = Buffer.from(this.#pending.join(''));
    const buf = this.#unwritten ? Buffer.concat([this.#unwritten, joined]) : joined;
    let offset = 0;
    try {
      while (offset < buf.length) offset += writeSync(this.fd, buf, offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') {
        // A destination that fails for good: these lines are lost, and counted.
        this.dropped += this.#pending.length;
        offset = buf.length;
      }
    }
    // Kept as bytes: a partial write may end inside a character.
    this.#unwritten = offset < buf.length ? Buffer.from(buf.subarray(offset)) : undefined;
    this.#pending = [];
    this.#pendingChars = this.#unwritten?.length ?? 0;
  }
}

const openStreams = new Set<LogStream>();
process.on('exit', () => {
  for (const stream of openStreams) stream.flushSync();
});

/**
 * The app's logger: JSON lines, secrets redacted, written through a LogStream once per event-loop turn
 * (a synchronous write per line cost ~17 µs per request in bench:http). Pending lines are written on
 * exit and by flushLogger().
 */
export function createLogger(level: LogLevel, dest: string | number = 1): Logger {
  const fd = typeof dest === 'number' ? dest : openSync(dest, 'a');
  return pino({ level, redact: ['req.headers.authorization', 'req.headers.cookie'] }, new LogStream(fd));
}

export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}

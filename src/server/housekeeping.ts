import type { FastifyBaseLogger } from 'fastify';

/**
 * A purge of rows that can no longer be used, or an addition of rows now due; it answers how many
 * (logged at debug).
 */
export interface HousekeepingTask {
  /** What goes (or comes), for the log: "expired sessions and tokens". */
  what: string;
  /** "purge" unless said. */
  action?: 'purge' | 'add';
  run: () => Promise<unknown>;
}

const WORDS = { purge: ['purged', 'purging'], add: ['added', 'adding'] } as const;

export const FIRST_PURGE_MS = 60_000;
export const PURGE_EVERY_MS = 60 * 60_000;

/**
 * Runs every task once shortly after start and then once an hour, on each instance (the purges are
 * idempotent deletes, so instances running them together only repeat each other). A failure is
 * logged and retried at the next round. Returns the function that stops it.
 */
export function startHousekeeping(log: FastifyBaseLogger, tasks: HousekeepingTask[]): () => void {
  const purge = () => {
    for (const task of tasks) {
      const [done, doing] = WORDS[task.action ?? 'purge'];
      task
        .run()
        .then((n) => log.debug({ [done]: n }, `${done} ${task.what}`))
        .catch((err: unknown) => log.warn({ err }, `${doing} ${task.what} failed`));
    }
  };
  const first = setTimeout(purge, FIRST_PURGE_MS).unref();
  const hourly = setInterval(purge, PURGE_EVERY_MS).unref();
  return () => {
    clearTimeout(first);
    clearInterval(hourly);
  };
}

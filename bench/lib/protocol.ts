import { z } from 'zod';

/** What the parent and a target server process say to each other over the IPC channel. */

export const TARGET_VARIANTS = ['bare', 'headers', 'plugins', 'embedded', 'postgres'] as const;
export type TargetVariant = (typeof TARGET_VARIANTS)[number];

export const readyMessageSchema = z.object({
  type: z.literal('ready'),
  port: z.number().int().positive(),
  /** Path (with querystring) the load generator must request. */
  path: z.string().startsWith('/'),
  /** For the profile targets: the seeded username the path points at. */
  username: z.string().optional(),
  /** Milliseconds spent opening, migrating and seeding the database, if any. */
  setupMs: z.number(),
});
export type ReadyMessage = z.infer<typeof readyMessageSchema>;

/** Parent → target: report your CPU time so far. */
export const CPU_USAGE_REQUEST = 'cpu-usage';

export const cpuUsageMessageSchema = z.object({
  type: z.literal('cpu-usage'),
  /** process.cpuUsage() user + system, in microseconds. */
  micros: z.number(),
  /** Time spent in garbage collection since the process started, ms. */
  gcMs: z.number(),
  /** Longest event-loop delay since the previous cpu-usage answer, ms. */
  loopDelayMaxMs: z.number(),
  /** 99th percentile of the event-loop delay over the same span, ms. */
  loopDelayP99Ms: z.number(),
});
export type CpuUsageMessage = z.infer<typeof cpuUsageMessageSchema>;

/** Parent → target: collect garbage (when run with --expose-gc) and report memory. */
export const MEMORY_USAGE_REQUEST = 'memory-usage';

export const memoryUsageMessageSchema = z.object({
  type: z.literal('memory-usage'),
  rss: z.number(),
  heapUsed: z.number(),
  external: z.number(),
});
export type MemoryUsageMessage = z.infer<typeof memoryUsageMessageSchema>;

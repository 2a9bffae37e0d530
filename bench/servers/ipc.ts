import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import {
  CPU_USAGE_REQUEST,
  MEMORY_USAGE_REQUEST,
  type CpuUsageMessage,
  type MemoryUsageMessage,
  type ReadyMessage,
} from '../lib/protocol.ts';

/** Answers the parent's CPU and memory questions over the IPC channel. */
export function answerParent(): void {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let gcMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  }).observe({ entryTypes: ['gc'] });
  process.on('message', (msg) => {
    if (msg === CPU_USAGE_REQUEST) {
      const usage = process.cpuUsage();
      const reply: CpuUsageMessage = {
        type: 'cpu-usage',
        micros: usage.user + usage.system,
        gcMs,
        loopDelayMaxMs: loop.max / 1e6,
        loopDelayP99Ms: loop.percentile(99) / 1e6,
      };
      loop.reset();
      process.send?.(reply);
    } else if (msg === MEMORY_USAGE_REQUEST) {
      // Two passes: the first can leave work for finalizers that the second collects.
      globalThis.gc?.();
      globalThis.gc?.();
      const m = process.memoryUsage();
      const reply: MemoryUsageMessage = {
        type: 'memory-usage',
        rss: m.rss,
        heapUsed: m.heapUsed,
        external: m.external,
      };
      process.send?.(reply);
    }
  });
}

/** Tells the parent where to connect (or prints it when run by hand). */
export function announceReady(ready: ReadyMessage): void {
  if (process.send) process.send(ready);
  else process.stdout.write(`${JSON.stringify(ready)}\n`);
}

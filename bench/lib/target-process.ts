import { fork, type ChildProcess } from 'node:child_process';
import type { z } from 'zod';
import {
  CPU_USAGE_REQUEST,
  MEMORY_USAGE_REQUEST,
  cpuUsageMessageSchema,
  memoryUsageMessageSchema,
  type MemoryUsageMessage,
  readyMessageSchema,
  type ReadyMessage,
  type TargetVariant,
  type CpuUsageMessage,
} from './protocol.ts';

const TARGET_ENTRY = new URL('../servers/http-target.ts', import.meta.url);
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 15_000;

export interface RunningTarget<V extends string = TargetVariant> {
  variant: V;
  ready: ReadyMessage;
  url: string;
  /** The server process's CPU time so far (user + system), in microseconds. */
  cpuMicros(): Promise<number>;
  /** CPU time, GC time so far, and the longest event-loop delay since the previous call. */
  usage(): Promise<CpuUsageMessage>;
  /** The server's memory after a full collection (it must run with --expose-gc for that). */
  memory(): Promise<MemoryUsageMessage>;
  stop(): Promise<void>;
}

export interface StartTargetOptions {
  args: string[];
  cpuProfDir?: string | undefined;
  /** The server script to fork; bench/servers/http-target.ts when omitted. */
  entry?: URL;
  /** Extra Node flags, e.g. --expose-gc. */
  execArgv?: string[];
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    function onExit() {
      clearTimeout(timer);
      resolve(true);
    }
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (await waitForExit(child, STOP_TIMEOUT_MS)) return;
  child.kill('SIGKILL');
  await waitForExit(child, STOP_TIMEOUT_MS);
}

function ask<T>(child: ChildProcess, request: string, schema: z.ZodType<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`the server did not answer ${request}`));
    }, 30_000);
    function onMessage(msg: unknown) {
      const parsed = schema.safeParse(msg);
      if (!parsed.success) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(parsed.data);
    }
    child.on('message', onMessage);
    child.send(request);
  });
}

/** Every child ever started, so an interrupted run can still kill them all. */
const children = new Set<ChildProcess>();

export async function stopAllTargets(): Promise<void> {
  await Promise.all([...children].map(stopChild));
}

/** Forks a target server (TypeScript through tsx's loader) and waits for its ready message. */
export async function startTarget<V extends string = TargetVariant>(
  variant: V,
  opts: StartTargetOptions,
): Promise<RunningTarget<V>> {
  const execArgv = ['--import', import.meta.resolve('tsx'), ...(opts.execArgv ?? [])];
  if (opts.cpuProfDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  const child = fork(opts.entry ?? TARGET_ENTRY, [variant, ...opts.args], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));

  try {
    const ready = await new Promise<ReadyMessage>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${variant} server not ready after ${READY_TIMEOUT_MS / 1000} s`)),
        READY_TIMEOUT_MS,
      );
      child.on('message', (msg) => {
        const parsed = readyMessageSchema.safeParse(msg);
        if (!parsed.success) return;
        clearTimeout(timer);
        resolve(parsed.data);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${variant} server exited before listening (code ${code}, signal ${signal})`));
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    return {
      variant,
      ready,
      url: `http://127.0.0.1:${ready.port}${ready.path}`,
      cpuMicros: async () => (await ask(child, CPU_USAGE_REQUEST, cpuUsageMessageSchema)).micros,
      usage: () => ask(child, CPU_USAGE_REQUEST, cpuUsageMessageSchema),
      memory: () => ask(child, MEMORY_USAGE_REQUEST, memoryUsageMessageSchema),
      stop: () => stopChild(child),
    };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

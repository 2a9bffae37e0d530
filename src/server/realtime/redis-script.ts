import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

// Every read-modify-write on the shared realtime state is one Lua script, so instances never race
// each other, and every script reads the time from Redis, so their clocks need not agree.

/** Sets `now` to Redis's time in ms; scripts that need the time start with it. */
export const NOW_MS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

export type ScriptArg = string | number;

/** EVALSHA, loading the script with EVAL the first time a server has not seen it. */
export function defineScript(redis: Redis, lua: string) {
  const sha = createHash('sha1').update(lua).digest('hex');
  return async (keys: string[], args: ScriptArg[]): Promise<unknown> => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}

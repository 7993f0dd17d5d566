import { round1 } from '../round.js';
import { describeNetworkError } from './network-error.js';
import { redactUrls } from './redacted-url.js';
import { redisInfo, redisKeyCount, type RedisClientLike } from './redis-client.js';

const MB = 1024 * 1024;

/** Deep-only figures: the operator's view, never computed for a public probe. */
export type RedisExtras = {
  used_memory_mb?: number;
  /** absent when Redis has no memory limit */
  maxmemory_mb?: number;
  memory_percent?: number;
  /** keys in the client's selected database (DBSIZE) */
  keys?: number;
  /** why the extras could not be read (managed services often rename INFO); the check still passes */
  extras_error?: string;};

/** One `INFO memory` line's number, or undefined. */
export function infoField(info: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:(\\d+)\\s*$`, 'm').exec(info);
  return match === null ? undefined : Number(match[1]);
}

export async function readRedisExtras(client: RedisClientLike): Promise<RedisExtras> {
  try {
    const [info, keys] = await Promise.all([redisInfo(client, 'memory'), redisKeyCount(client)]);
    const extras: RedisExtras = {};
    const used = info === undefined ? undefined : infoField(info, 'used_memory');
    const max = info === undefined ? undefined : infoField(info, 'maxmemory');
    if (used !== undefined) extras.used_memory_mb = round1(used / MB);
    if (max !== undefined && max > 0) {
      extras.maxmemory_mb = round1(max / MB);
      if (used !== undefined) extras.memory_percent = round1((used / max) * 100);
    }
    if (keys !== undefined) extras.keys = keys;
    return extras;
  } catch (error) {
    return { extras_error: redactUrls(describeNetworkError(error)) };
  }
}

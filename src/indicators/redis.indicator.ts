import { abandonOnAbort } from '../abandon-on-abort.js';
import type { IndicatorContext } from './indicator-context.js';
import { indicatorMessages } from './indicator.messages.js';
import { round1 } from '../round.js';
import { optionalThreshold, refuseUnknownKeys } from './indicator-options.js';
import { describeNetworkError } from './network-error.js';
import { redactUrls } from './redacted-url.js';
import { joinOutstanding } from './outstanding-call.js';
import { isRedisClient, redisConnectionState, type RedisClientLike } from './redis-client.js';
import { readRedisExtras, type RedisExtras } from './redis-extras.js';
import { redisStateVerdict } from './redis-state-verdict.js';

export interface RedisCheckOptions {
  /** ms a reconnecting client is reported degraded before it counts as failed; 10 000 (0: failed at once) */
  graceMs?: number;
  /** degraded when the PING takes longer than this many ms */
  slowMs?: number;
}

export type RedisCheckDetails = RedisExtras & {
  /** the client's status word (ioredis `status`; node-redis `ready`, `reconnecting` or `closed`) */
  status: string;
  connected: boolean;
  ping_ms?: number;
  healthy?: false;
  degraded?: true;
  message?: string;};

const OPTIONS = ['graceMs', 'slowMs'];
export const DEFAULT_REDIS_GRACE_MS = 10_000;

/**
 * PINGs the app's own ioredis or node-redis client — never a connection of its own — abandoned the moment
 * `ctx.signal` aborts, with at most one PING outstanding per client however many runs time out. A closed
 * client fails, a reconnecting one is degraded for `graceMs` and then failed, without a command; a PING
 * error is thrown (its reason is withheld on public routes). On the deep probe it adds memory and key count.
 */
export async function checkRedis(client: RedisClientLike, ctx: IndicatorContext = {}, options: RedisCheckOptions = {}): Promise<RedisCheckDetails> {
  if (!isRedisClient(client)) throw new Error(indicatorMessages.notARedisClient('checkRedis', client));
  refuseUnknownKeys('checkRedis', options, OPTIONS);
  const graceMs = optionalThreshold('checkRedis', 'graceMs', options.graceMs) ?? DEFAULT_REDIS_GRACE_MS;
  const slowMs = optionalThreshold('checkRedis', 'slowMs', options.slowMs);

  const verdict = redisStateVerdict(client, redisConnectionState(client), graceMs);
  if (verdict !== undefined) return { ...verdict };

  const pingMs = await pingOnce(client, ctx.signal);
  const details: RedisCheckDetails = { status: redisConnectionState(client).status, connected: true, ping_ms: pingMs };
  if (slowMs !== undefined && pingMs > slowMs) {
    details.degraded = true;
    details.message = indicatorMessages.redisSlow(pingMs, slowMs);
  }
  if (ctx.probe === 'deep') Object.assign(details, await abandonOnAbort(joinOutstanding(client, 'extras', () => readRedisExtras(client)), ctx.signal));
  return details;
}

/** PING round trip in ms; shared with a PING still outstanding on the same client. */
async function pingOnce(client: RedisClientLike, signal: AbortSignal | undefined): Promise<number> {
  const ping = joinOutstanding(client, 'PING', async () => {
    const startedAt = performance.now();
    await client.ping();
    return round1(performance.now() - startedAt);
  });
  try {
    return await abandonOnAbort(ping, signal);
  } catch (error) {
    // an abort is the runner's timeout or shutdown, which it reports itself
    if (signal?.aborted) throw signal.reason;
    throw new Error(indicatorMessages.redisPingFailed(redactUrls(describeNetworkError(error))), { cause: error });
  }
}

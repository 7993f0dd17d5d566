import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { checkRedis, type HealthCheckContext, type HealthCheckDetails } from 'nestjs-health';
import { setTimeout as sleep } from 'node:timers/promises';
import { sampleMessages } from '../sample.messages.js';
import { CacheStore } from './cache-store.js';

export interface RedisCacheOptions {
  readonly url: string;
  /** ms a command may take; a hung Redis must not hold a request longer */
  readonly commandTimeoutMs: number;
  readonly keyPrefix?: string;
}

const RECONNECT_MAX_MS = 500;
const FIRST_CONNECT_WAIT_MS = 1000;
// untyped ioredis option: its disconnect timer waits for a 'close' that an already-refused stream never emits
const UNTYPED_OPTIONS = { disconnectTimeout: 100 };

/**
 * Redis via ioredis, configured to fail fast: no offline queue (commands while disconnected reject at once
 * instead of waiting for a reconnect), one retry per command, a command timeout, and endless reconnects.
 */
export class RedisCacheStore extends CacheStore implements OnApplicationShutdown {
  readonly backend = 'redis';
  private readonly logger = new Logger('Cache');
  private readonly redis: Redis;
  private reachable = true;
  private closing = false;

  private constructor(options: RedisCacheOptions) {
    super();
    this.redis = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: Math.max(options.commandTimeoutMs, 1000),
      retryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_MAX_MS),
      keyPrefix: options.keyPrefix,
      lazyConnect: true,
      ...UNTYPED_OPTIONS,
    });
    // one log line per change of reachability, not one per failed command
    this.redis.on('error', (error: Error) => this.unreachable(error.message));
    this.redis.on('close', () => this.unreachable('connection closed'));
    this.redis.on('ready', () => {
      if (!this.reachable) this.logger.log(sampleMessages.redisBack());
      this.reachable = true;
    });
  }

  /** Connects, waiting a moment for the first connection so the first probes see the truth; never fails boot. */
  static async open(options: RedisCacheOptions): Promise<RedisCacheStore> {
    const store = new RedisCacheStore(options);
    // settle on the first answer either way: a failed attempt is not fatal, the retry strategy keeps reconnecting
    const firstAnswer = new Promise<void>((resolve) => {
      store.redis.once('ready', resolve);
      store.redis.once('error', () => resolve());
    });
    void store.redis.connect().catch(() => undefined);
    await Promise.race([firstAnswer, sleep(FIRST_CONNECT_WAIT_MS, undefined, { ref: false })]);
    return store;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(key)) ?? undefined;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, value, 'EX', ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }

  /**
   * The library's Redis check on this store's own client: no command while it reconnects (degraded, then failed
   * after 10 s), a PING otherwise — abandoned at the check's timeout, one outstanding at most — and on the deep
   * probe Redis' memory and key count, under the names the in-process store reports them by.
   */
  async check(ctx: HealthCheckContext): Promise<HealthCheckDetails> {
    const { used_memory_mb, keys, ...details } = await checkRedis(this.redis, ctx);
    if (ctx.probe !== 'deep') return details;
    return { ...details, memory_usage_mb: used_memory_mb ?? null, key_count: keys ?? null };
  }

  onApplicationShutdown(): void {
    this.closing = true;
    // disconnect, not quit: a hung Redis would never acknowledge QUIT
    this.redis.disconnect();
  }

  private unreachable(reason: string): void {
    if (!this.reachable || this.closing) return;
    this.reachable = false;
    this.logger.warn(sampleMessages.redisUnreachable(reason));
  }
}

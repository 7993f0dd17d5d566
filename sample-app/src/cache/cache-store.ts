import type { HealthCheckContext, HealthCheckDetails } from 'nestjs-health';

/**
 * Where reads are cached: Redis when REDIS_URL is set, else an in-process map. Every operation may fail (a
 * dead or hung Redis) and must fail fast; callers fall back to the database.
 */
export abstract class CacheStore {
  abstract readonly backend: 'redis' | 'memory';
  abstract get(key: string): Promise<string | undefined>;
  abstract set(key: string, value: string, ttlSeconds: number): Promise<void>;
  abstract delete(key: string): Promise<void>;
  /** What the `cache` check says about the store itself; throws when it is unusable. */
  abstract check(ctx: HealthCheckContext): Promise<HealthCheckDetails>;
}

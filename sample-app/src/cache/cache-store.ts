/** What the deep view reports about the cache's own footprint. */
export interface CacheUsage {
  memory_usage_mb: number;
  key_count: number;
}

/**
 * Where reads are cached: Redis when REDIS_URL is set, else an in-process map. Every operation may fail (a
 * dead or hung Redis) and must fail fast; callers fall back to the database.
 */
export abstract class CacheStore {
  abstract readonly backend: 'redis' | 'memory';
  abstract get(key: string): Promise<string | undefined>;
  abstract set(key: string, value: string, ttlSeconds: number): Promise<void>;
  abstract delete(key: string): Promise<void>;
  abstract ping(): Promise<void>;
  abstract usage(): Promise<CacheUsage>;
}

export const roundMb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 100) / 100;

import { Injectable } from '@nestjs/common';
import { HealthCheck, type HealthCheckContext, type HealthCheckDetails } from 'nestjs-health';
import { CacheStats } from './cache-stats.js';
import { CacheStore } from './cache-store.js';

/** The `cache` check: non-critical, since every read falls back to the database when the cache is down. */
@Injectable()
export class CacheHealth {
  constructor(
    private readonly store: CacheStore,
    private readonly stats: CacheStats,
  ) {}

  @HealthCheck({ name: 'cache', critical: false, ttl: 1000 })
  async cache(ctx: HealthCheckContext): Promise<HealthCheckDetails> {
    const details = await this.store.check(ctx);
    return { ...details, hit_rate: this.stats.hitRate(), ...(ctx.probe === 'deep' ? { backend: this.store.backend } : {}) };
  }
}

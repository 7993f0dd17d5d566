import { Injectable } from '@nestjs/common';
import { HealthCheck, type HealthCheckContext, type HealthCheckDetails } from 'nestjs-health';
import { sampleMessages } from '../sample.messages.js';
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
    await this.store.ping();
    const details: HealthCheckDetails = { hit_rate: this.stats.hitRate() };
    if (ctx.probe === 'deep') Object.assign(details, { backend: this.store.backend }, await this.store.usage());
    // working, but not the shared cache a fleet expects: say so rather than pretend to be Redis
    if (this.store.backend === 'memory') return { degraded: true, message: sampleMessages.inProcessCache(), ...details };
    return details;
  }
}

import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { sampleMessages } from '../sample.messages.js';
import { CacheHealth } from './cache.health.js';
import { CacheStats } from './cache-stats.js';
import { CacheStore } from './cache-store.js';
import { MemoryCacheStore } from './memory-cache-store.js';
import { RedisCacheStore } from './redis-cache-store.js';

/** ms a Redis command may take: a hung Redis must not hold a request longer */
const CACHE_COMMAND_TIMEOUT_MS = 250;

/** The read cache: Redis at REDIS_URL, or an in-process map without it; its counters and its `cache` check. */
@Module({
  providers: [
    {
      provide: CacheStore,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => {
        const url = config.get('REDIS_URL', { infer: true });
        if (url) return RedisCacheStore.open({ url, commandTimeoutMs: CACHE_COMMAND_TIMEOUT_MS });
        new Logger('Cache').log(sampleMessages.inProcessCache());
        return new MemoryCacheStore();
      },
    },
    CacheStats,
    CacheHealth,
  ],
  exports: [CacheStore, CacheStats],
})
export class CacheStoreModule {}

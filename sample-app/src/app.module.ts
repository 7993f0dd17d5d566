import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { HealthModule, HealthTokenGuard } from 'nestjs-health';
import { CacheHealth } from './cache/cache.health.js';
import { CacheStats } from './cache/cache-stats.js';
import { CacheStore } from './cache/cache-store.js';
import { MemoryCacheStore } from './cache/memory-cache-store.js';
import { RedisCacheStore } from './cache/redis-cache-store.js';
import type { SampleConfig } from './config.js';
import { databaseHealth } from './database/database.health.js';
import { PgDatabase } from './database/pg-database.js';
import { PgliteDatabase } from './database/pglite-database.js';
import { SqlDatabase } from './database/sql-database.js';
import { DiskSpaceHealth } from './disk/disk-space.health.js';
import { ExternalApiHealth } from './external/external-api.health.js';
import { NotesController } from './notes/notes.controller.js';
import { NotesRepository } from './notes/notes.repository.js';
import { NotesService } from './notes/notes.service.js';
import { SAMPLE_CONFIG } from './sample.tokens.js';

const APP_QUERY_TIMEOUT_MS = 2000;
const CACHE_COMMAND_TIMEOUT_MS = 250;

/** A query timeout below the check's, so a hung database gives the connection back before the check gives up. */
export const databaseQueryTimeoutMs = (checkTimeoutMs: number) => Math.max(1, Math.floor(checkTimeoutMs * 0.8));

export function databaseProvider(config: SampleConfig): Provider {
  const { databaseUrl } = config;
  return {
    provide: SqlDatabase,
    useFactory: () =>
      databaseUrl
        ? new PgDatabase({ connectionString: databaseUrl, queryTimeoutMs: APP_QUERY_TIMEOUT_MS })
        : PgliteDatabase.open(),
  };
}

export function cacheProvider(config: SampleConfig): Provider {
  const { redisUrl } = config;
  return {
    provide: CacheStore,
    useFactory: () =>
      redisUrl
        ? RedisCacheStore.open({ url: redisUrl, commandTimeoutMs: CACHE_COMMAND_TIMEOUT_MS })
        : new MemoryCacheStore(),
  };
}

/** The sample service: notes on PostgreSQL with reads cached in Redis, and the seed's health checks. */
@Module({})
export class AppModule {
  static forConfig(config: SampleConfig): DynamicModule {
    const check = config.dbCheckIntervalMs !== undefined
      ? { interval: config.dbCheckIntervalMs, probes: config.dbCheckProbes }
      : { ttl: config.dbCheckTtlMs, probes: config.dbCheckProbes };
    return {
      module: AppModule,
      imports: [
        HealthModule.forRoot({
          version: config.version,
          defaults: { timeout: config.checkTimeoutMs },
          shutdown: config.drainMs === undefined ? undefined : { drainMs: config.drainMs },
          token: config.healthToken,
          // without a token there is no guard, and the module answers 404 on the deep route
          deep: config.healthToken ? { guards: [HealthTokenGuard] } : {},
        }),
      ],
      controllers: [NotesController],
      providers: [
        { provide: SAMPLE_CONFIG, useValue: config },
        databaseProvider(config),
        cacheProvider(config),
        CacheStats,
        NotesRepository,
        NotesService,
        databaseHealth({ check, queryTimeoutMs: databaseQueryTimeoutMs(config.checkTimeoutMs) }),
        CacheHealth,
        DiskSpaceHealth,
        ...(config.externalApiUrl ? [ExternalApiHealth] : []),
      ],
    };
  }
}

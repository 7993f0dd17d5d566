import { Injectable, Module, type Type } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthCheck, type HealthCheckContext, HealthModule, type HealthModuleOptions } from 'nestjs-health';
import { BENCH_VERSION } from './bare-payload.js';
import type { BenchServer } from './bench-server.js';
import { BACKGROUND_INTERVAL_MS, CACHE_TTL_MS, STORM_CHECK_MS, STORM_TTL_MS } from './check-settings.js';
import { pingCache, pingDatabase, queueDepth, slowQuery } from './dependencies.js';
import { listenNest } from './nest-app.js';

@Injectable()
export class DatabaseHealth {
  @HealthCheck({ name: 'database', ttl: CACHE_TTL_MS })
  ping({ signal }: HealthCheckContext) {
    return pingDatabase(signal);
  }
}

@Injectable()
export class CacheHealth {
  @HealthCheck({ name: 'cache', ttl: CACHE_TTL_MS })
  ping() {
    return pingCache();
  }
}

@Injectable()
export class QueueHealth {
  @HealthCheck({ name: 'queue', ttl: CACHE_TTL_MS })
  depth() {
    return queueDepth();
  }
}

/** The three checks of rows (c) and (d), for every app that serves them. */
export const CACHED_CHECKS = [DatabaseHealth, CacheHealth, QueueHealth];

function cachedChecksModule(metrics: HealthModuleOptions['metrics']): Type<unknown> {
  @Module({ imports: [HealthModule.forRoot({ version: BENCH_VERSION, logger: false, metrics })], providers: CACHED_CHECKS })
  class CachedChecksModule {}
  return CachedChecksModule;
}

/** Rows (c) and (d), and the soak: three checks under ttl, the way a typical service would declare them. */
export function startCachedChecks(): Promise<BenchServer> {
  return listenNest(cachedChecksModule(false));
}

/** Row (d2): the app of (d) with `metrics: { otel: true }` and no OpenTelemetry SDK registered (the API's no-op meter). */
export function startCachedChecksOtelNoSdk(): Promise<BenchServer> {
  return listenNest(cachedChecksModule({ otel: true }));
}

@Injectable()
class SlowDatabaseHealth {
  @HealthCheck({ name: 'database', interval: BACKGROUND_INTERVAL_MS })
  ping({ signal }: HealthCheckContext) {
    return slowQuery(signal);
  }
}

@Module({ imports: [HealthModule.forRoot({ version: BENCH_VERSION, logger: false })], providers: [SlowDatabaseHealth] })
class BackgroundCheckModule {}

/** Row (e): a 50 ms database check in interval mode; probes read its latest result. */
export function startBackgroundCheck(): Promise<BenchServer> {
  return listenNest(BackgroundCheckModule);
}

@Injectable()
class StormDatabaseHealth {
  executions = 0;

  @HealthCheck({ name: 'database', ttl: STORM_TTL_MS })
  async ping({ signal }: HealthCheckContext) {
    this.executions += 1;
    await sleep(STORM_CHECK_MS, undefined, { signal });
  }
}

@Module({ imports: [HealthModule.forRoot({ version: BENCH_VERSION, logger: false })], providers: [StormDatabaseHealth] })
class StormModule {}

/** The probe storm: a slow check under ttl, counting how often it really runs. */
export function startStormTarget(): Promise<BenchServer> {
  return listenNest(StormModule, (app) => ({ executions: app.get(StormDatabaseHealth).executions }));
}

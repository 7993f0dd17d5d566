import { Controller, Get, Module } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import type { BenchServer } from './bench-server.js';
import { BACKGROUND_INTERVAL_MS, CACHE_TTL_MS, STORM_CHECK_MS, STORM_TTL_MS, TIMEOUT_MS } from './check-settings.js';
import { pingCache, pingDatabase, queueDepth, slowQuery } from './dependencies.js';
import { listenNest } from './nest-app.js';

/**
 * Rows (f): terminus 12's documented style, `HealthIndicatorService.check(key).attempt(fn).withTimeout(ms)`,
 * once per request as most terminus controllers are written, and once with terminus's own `cacheFor(ttl)`.
 */
@Controller('terminus')
class ThreeChecksController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
  ) {}

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.indicator.check('database').attempt(({ signal }) => pingDatabase(signal)).withTimeout(TIMEOUT_MS),
      () => this.indicator.check('cache').attempt(() => pingCache()).withTimeout(TIMEOUT_MS),
      () => this.indicator.check('queue').attempt(() => queueDepth()).withTimeout(TIMEOUT_MS),
    ]);
  }

  @Get('ready-cached')
  @HealthCheck()
  readyCached() {
    return this.health.check([
      () => this.indicator.check('database').attempt(({ signal }) => pingDatabase(signal)).withTimeout(TIMEOUT_MS).cacheFor(CACHE_TTL_MS),
      () => this.indicator.check('cache').attempt(() => pingCache()).withTimeout(TIMEOUT_MS).cacheFor(CACHE_TTL_MS),
      () => this.indicator.check('queue').attempt(() => queueDepth()).withTimeout(TIMEOUT_MS).cacheFor(CACHE_TTL_MS),
    ]);
  }
}

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [ThreeChecksController] })
class TerminusThreeChecksModule {}

/** Twin of (d): the same three dependencies. */
export function startTerminusThreeChecks(): Promise<BenchServer> {
  return listenNest(TerminusThreeChecksModule);
}

@Controller('terminus')
class SlowCheckController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
  ) {}

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.indicator.check('database').attempt(({ signal }) => slowQuery(signal)).withTimeout(TIMEOUT_MS),
    ]);
  }

  /** terminus has no background mode: caching for the interval is the nearest it gets. */
  @Get('ready-cached')
  @HealthCheck()
  readyCached() {
    return this.health.check([
      () =>
        this.indicator
          .check('database')
          .attempt(({ signal }) => slowQuery(signal))
          .withTimeout(TIMEOUT_MS)
          .cacheFor(BACKGROUND_INTERVAL_MS),
    ]);
  }
}

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [SlowCheckController] })
class TerminusSlowCheckModule {}

/** Twin of (e): the same 50 ms query. */
export function startTerminusSlowCheck(): Promise<BenchServer> {
  return listenNest(TerminusSlowCheckModule);
}

const stormRuns = { perRequest: 0, cached: 0 };

async function stormQuery(signal: AbortSignal, counter: 'perRequest' | 'cached'): Promise<void> {
  stormRuns[counter] += 1;
  await sleep(STORM_CHECK_MS, undefined, { signal });
}

@Controller('terminus')
class StormController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
  ) {}

  @Get('storm')
  @HealthCheck()
  storm() {
    return this.health.check([
      () => this.indicator.check('database').attempt(({ signal }) => stormQuery(signal, 'perRequest')).withTimeout(TIMEOUT_MS),
    ]);
  }

  @Get('storm-cached')
  @HealthCheck()
  stormCached() {
    return this.health.check([
      () =>
        this.indicator
          .check('database')
          .attempt(({ signal }) => stormQuery(signal, 'cached'))
          .withTimeout(TIMEOUT_MS)
          .cacheFor(STORM_TTL_MS),
    ]);
  }
}

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [StormController] })
class TerminusStormModule {}

/** The probe storm against terminus, per request and with `cacheFor`, for comparison. */
export function startTerminusStorm(): Promise<BenchServer> {
  return listenNest(TerminusStormModule, () => ({ ...stormRuns }));
}

import { describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { HealthCheck, type HealthCheckContext, HealthModule } from '../../src/index.js';
import { fromTerminus } from '../../src/terminus/index.js';
import { withApp } from '../e2e/core-boot.js';
import { PLATFORMS, type RunningApp } from '../support/http-app.js';
import { DogHealthIndicator } from './support/legacy-terminus.js';

/** What each dependency reports; the tests flip it between requests. */
@Injectable()
class Dependencies {
  database: 'up' | 'down' = 'up';
  replica: 'up' | 'degraded' = 'up';
  cache: 'up' | 'down' = 'up';
  readonly dogs = new DogHealthIndicator();
  hung = false;
  readonly calls = { payments: 0, ledger: 0 };
}

/** A terminus app's indicators moved over unchanged: each call wrapped in fromTerminus, nothing else. */
@Injectable()
class TerminusChecks {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly state: Dependencies,
  ) {}

  @HealthCheck({ name: 'database' })
  database(ctx: HealthCheckContext) {
    return fromTerminus(async () => {
      const check = this.indicators.check('database');
      return this.state.database === 'up' ? check.up({ pool_size: 10 }) : check.down('connect ECONNREFUSED 10.0.0.5:5432');
    }, ctx);
  }

  @HealthCheck({ name: 'replica' })
  replica(ctx: HealthCheckContext) {
    const check = this.indicators.check('replica');
    return fromTerminus(() => (this.state.replica === 'up' ? check.up() : check.degraded({ message: 'replica lag 12 s', lag_s: 12 })), ctx);
  }

  @HealthCheck({ name: 'cache', critical: false })
  cache(ctx: HealthCheckContext) {
    const check = this.indicators.check('cache');
    return fromTerminus(() => (this.state.cache === 'up' ? check.up() : check.down('NOAUTH Authentication required')), ctx);
  }

  @HealthCheck({ name: 'dog' })
  dog(ctx: HealthCheckContext) {
    return fromTerminus(() => this.state.dogs.isHealthy('dog'), ctx);
  }

  @HealthCheck({ name: 'payments', timeout: 100 })
  payments(ctx: HealthCheckContext) {
    return fromTerminus(() => this.indicators.check('payments').attempt(() => this.call('payments')), ctx);
  }

  /** the same call without the check's ctx: the run is not abandoned, it keeps its slot until the call settles */
  @HealthCheck({ name: 'ledger', timeout: 100 })
  ledger() {
    return fromTerminus(() => this.indicators.check('ledger').attempt(() => this.call('ledger')));
  }

  private call(name: keyof Dependencies['calls']): Promise<void> | undefined {
    this.state.calls[name] += 1;
    return this.state.hung ? new Promise<void>(() => undefined) : undefined;
  }
}

type Entry = Record<string, unknown>;
const checksOf = async (app: RunningApp, route: string) => {
  const answer = await app.get(`/health/${route}`);
  return { status: answer.status, text: answer.text, checks: answer.json<{ checks: Record<string, Entry> }>().checks };
};

async function withTerminusApp(platform: (typeof PLATFORMS)[number], test: (app: RunningApp, state: Dependencies) => Promise<void>) {
  const state = new Dependencies();
  await withApp(
    platform,
    {
      imports: [TerminusModule.forRoot(), HealthModule.forRoot({ deep: { public: true }, logger: false })],
      providers: [{ provide: Dependencies, useValue: state }, TerminusChecks],
    },
    (app) => test(app, state),
  );
}

describe.each(PLATFORMS)('terminus indicators behind @HealthCheck on %s', (platform) => {
  it('shows up indicators as healthy, with their details', async () => {
    await withTerminusApp(platform, async (app) => {
      const ready = await checksOf(app, 'ready');
      expect(ready.status).toBe(200);
      expect(ready.checks.database).toEqual({ healthy: true, latency_ms: expect.any(Number), pool_size: 10 });
      expect(ready.checks.dog).toEqual({ healthy: true, latency_ms: expect.any(Number), badboys: 0 });
      expect(ready.checks.payments).toEqual({ healthy: true, latency_ms: expect.any(Number), responseTime: expect.any(Number) });
    });
  });

  it("shows terminus 12's degraded as degraded, ready staying 200, with the indicator author's message", async () => {
    await withTerminusApp(platform, async (app, state) => {
      state.replica = 'degraded';
      const ready = await checksOf(app, 'ready');
      expect(ready.status).toBe(200);
      expect(ready.checks.replica).toEqual({ healthy: true, degraded: true, message: 'replica lag 12 s', latency_ms: expect.any(Number), lag_s: 12 });
    });
  });

  it('fails on down with the reason withheld publicly and shown on deep', async () => {
    await withTerminusApp(platform, async (app, state) => {
      state.database = 'down';
      state.cache = 'down';
      const ready = await checksOf(app, 'ready');
      expect(ready.status).toBe(503);
      expect(ready.checks.database).toEqual({ healthy: false, error: 'reason withheld', latency_ms: expect.any(Number) });
      expect(ready.checks.cache).toEqual({ healthy: true, degraded: true, message: 'reason withheld', latency_ms: expect.any(Number) });
      expect(ready.text).not.toMatch(/ECONNREFUSED|10\.0\.0\.5|NOAUTH/);

      const deep = await checksOf(app, 'deep');
      expect(deep.status).toBe(503);
      expect(deep.checks.database).toMatchObject({ healthy: false, error: 'connect ECONNREFUSED 10.0.0.5:5432' });
      expect(deep.checks.cache).toMatchObject({ healthy: true, degraded: true, message: 'NOAUTH Authentication required' });
    });
  });

  it('fails on an old-style HealthCheckError, withheld publicly and read from its causes on deep', async () => {
    await withTerminusApp(platform, async (app, state) => {
      state.dogs.badDogs = 2;
      const ready = await checksOf(app, 'ready');
      expect(ready.status).toBe(503);
      expect(ready.checks.dog).toEqual({ healthy: false, error: 'reason withheld', latency_ms: expect.any(Number) });
      expect((await checksOf(app, 'deep')).checks.dog).toMatchObject({ error: 'Dogcheck failed (badboys: 2)' });
    });
  });

  it('answers "timed out" for a hung terminus call at the check timeout, withheld publicly, without a second call', async () => {
    await withTerminusApp(platform, async (app, state) => {
      state.hung = true;
      const startedAt = performance.now();
      const ready = await checksOf(app, 'ready');
      const elapsed = performance.now() - startedAt;
      console.log(`[${platform}] ready answered ${elapsed.toFixed(1)} ms after the request with a hung terminus call (timeout 100 ms)`);
      expect(ready.status).toBe(503);
      expect(ready.checks.payments).toEqual({ healthy: false, error: 'reason withheld', latency_ms: expect.any(Number) });
      expect(ready.checks.payments.latency_ms).toBeGreaterThanOrEqual(99);
      expect(elapsed).toBeLessThan(1000);
      expect((await checksOf(app, 'deep')).checks.payments).toMatchObject({ error: 'timed out after 100 ms' });
      // the hung call keeps its run until it settles: the deep probe joined it instead of calling the indicator again
      expect(state.calls.payments).toBe(1);
    });
  });

  it('keeps a hung call that was given no ctx as the run in flight: later probes get "timed out" without a new call', async () => {
    await withTerminusApp(platform, async (app, state) => {
      state.hung = true;
      const ready = await checksOf(app, 'ready');
      expect(ready.checks.ledger).toEqual({ healthy: false, error: 'reason withheld', latency_ms: expect.any(Number) });
      expect((await checksOf(app, 'deep')).checks.ledger).toMatchObject({ error: 'timed out after 100 ms' });
      expect((await checksOf(app, 'ready')).checks.ledger).toMatchObject({ healthy: false });
      expect(state.calls.ledger).toBe(1);
    });
  });
});

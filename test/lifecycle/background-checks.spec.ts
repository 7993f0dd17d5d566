import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthCheck, type HealthCheckContext, HealthModule } from '../../src/index.js';
import { ProbeEvaluator } from '../../src/probes/probe-evaluator.js';
import { PLATFORMS, type RunningApp, startApp } from '../support/http-app.js';
import { FixtureProcess } from '../support/fixture-process.js';
import { deferred, waitFor } from './lifecycle-support.js';

/** Counts runs and how many overlap, for a dependency whose answer the test shapes. */
class RunLog {
  started = 0;
  finished = 0;
  inFlight = 0;
  maxInFlight = 0;
  readonly startedAt: number[] = [];
  readonly signals: AbortSignal[] = [];

  async track<T>(ctx: HealthCheckContext, work: () => Promise<T>): Promise<T> {
    this.started += 1;
    this.startedAt.push(Date.now());
    this.signals.push(ctx.signal);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
      this.finished += 1;
    }
  }
}

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe.each(PLATFORMS)('an interval check on %s', (platform) => {
  it('answers 100 sequential ready probes in under 20 ms while its dependency takes 500 ms', async () => {
    const runs = new RunLog();
    @Injectable()
    class SlowDatabase {
      @HealthCheck({ name: 'slow_db', interval: 100, timeout: 1000 })
      ping(ctx: HealthCheckContext) {
        return runs.track(ctx, async () => {
          await sleep(500);
          return { answered_in_ms: 500 };
        });
      }
    }
    running = await startApp(platform, { imports: [HealthModule.forRoot()], providers: [SlowDatabase] });
    await waitFor('the first background result', () => runs.finished >= 1, 3000);
    for (let i = 0; i < 20; i++) await running.get('/health/ready'); // warm-up: connection and JIT

    const roundTripMs: number[] = [];
    let answeredDuringRun = 0;
    for (let i = 0; i < 100; i++) {
      const runInFlight = runs.inFlight === 1;
      const sentAt = performance.now();
      const answer = await running.get('/health/ready');
      roundTripMs.push(performance.now() - sentAt);
      if (runInFlight && runs.inFlight === 1) answeredDuringRun += 1;
      expect(answer.status).toBe(200);
      expect(answer.json().checks.slow_db).toMatchObject({ healthy: true, answered_in_ms: 500 });
    }
    // the probe never waits: while a 500 ms run is in flight the evaluation is synchronous
    await waitFor('a run in flight', () => runs.inFlight === 1, 1000, 1);
    expect(running.app.get(ProbeEvaluator).evaluate('ready')).not.toBeInstanceOf(Promise);
    expect(answeredDuringRun).toBeGreaterThanOrEqual(50);
    // a shared 2-core machine adds scheduler stalls of its own: the 20 ms target is held by 95 of 100 probes,
    // and none comes anywhere near one 500 ms run of the dependency
    const sorted = [...roundTripMs].sort((a, b) => a - b);
    expect(sorted[94]).toBeLessThan(20);
    expect(sorted[99]).toBeLessThan(100);
    if (process.env.LIFECYCLE_FIGURES) console.log(platform, 'p50', sorted[49].toFixed(2), 'p95', sorted[94].toFixed(2), 'max', sorted[99].toFixed(2));
  });
});

describe('an interval check', () => {
  it('counts as failed with "no result yet" until its first run finishes, then serves that result', async () => {
    const firstRun = deferred<{ rows: number }>();
    @Injectable()
    class GatedDependency {
      @HealthCheck({ name: 'gated', interval: 100, timeout: 10_000 })
      ping() {
        return firstRun.promise;
      }
    }
    running = await startApp('fastify', { imports: [HealthModule.forRoot()], providers: [GatedDependency] });

    const before = await running.get('/health/ready');
    expect(before.status).toBe(503);
    expect(before.json()).toMatchObject({ status: 'not_ready', checks: { gated: { healthy: false, error: 'no result yet' } } });

    firstRun.resolve({ rows: 1 });
    const after = await waitFor('the first result to be served', async () => {
      const answer = await running!.get('/health/ready');
      return answer.status === 200 ? answer : undefined;
    });
    expect(after.json().checks.gated).toMatchObject({ healthy: true, rows: 1 });
  });

  it('reports "stale" once its latest result is older than 3 x interval + timeout, and never piles up runs', async () => {
    const interval = 100;
    const timeout = 100;
    const runs = new RunLog();
    let hangStartedAt = 0;
    @Injectable()
    class HangingDependency {
      @HealthCheck({ name: 'hanging', interval, timeout })
      ping(ctx: HealthCheckContext) {
        if (runs.started === 0) return runs.track(ctx, async () => ({ ok: 1 }));
        hangStartedAt = Date.now();
        // ignores its abort signal and never settles: a dependency that hangs for good
        return runs.track(ctx, () => new Promise<never>(() => undefined));
      }
    }
    running = await startApp('fastify', { imports: [HealthModule.forRoot()], providers: [HangingDependency] });
    await waitFor('the hanging run to start', () => hangStartedAt > 0, 3000);

    // the timed-out result lands `timeout` after the hang starts, and is stale 3 x interval + timeout later
    const staleAfter = timeout + 3 * interval + timeout;
    const seen: { at: number; error: unknown }[] = [];
    const stale = await waitFor(
      'the stale report',
      async () => {
        const answer = await running!.get('/health/ready');
        const error = answer.json().checks.hanging.error;
        seen.push({ at: Date.now(), error });
        return typeof error === 'string' && error.startsWith('stale') ? answer : undefined;
      },
      5000,
    );
    const firstStaleAt = seen[seen.length - 1].at;
    expect(stale.status).toBe(503);
    expect(stale.json().checks.hanging.error).toMatch(/^stale: last result is \d+ ms old$/);
    // the timed-out result is what probes saw before it went stale (thrown and timed-out reasons are withheld)
    expect(seen.some((entry) => entry.error === 'reason withheld')).toBe(true);
    expect(firstStaleAt - hangStartedAt).toBeGreaterThanOrEqual(staleAfter - 5);
    expect(firstStaleAt - hangStartedAt).toBeLessThan(staleAfter + 1500);
    // the hung run keeps its slot: no second run was started on top of it
    expect(runs.started).toBe(2);
    expect(runs.maxInFlight).toBe(1);
  });

  it('never overlaps its runs when the dependency is slower than the interval', async () => {
    const runs = new RunLog();
    @Injectable()
    class SlowDependency {
      @HealthCheck({ name: 'slow', interval: 50, timeout: 1000 })
      ping(ctx: HealthCheckContext) {
        return runs.track(ctx, () => sleep(300));
      }
    }
    running = await startApp('fastify', { imports: [HealthModule.forRoot()], providers: [SlowDependency] });
    // probes meanwhile must not start runs of their own either
    const until = Date.now() + 1300;
    while (Date.now() < until) await running.get('/health/ready');

    expect(runs.maxInFlight).toBe(1);
    expect(runs.started).toBeGreaterThanOrEqual(3);
    expect(runs.started).toBeLessThanOrEqual(6);
    for (let i = 1; i < runs.startedAt.length; i++) {
      expect(runs.startedAt[i] - runs.startedAt[i - 1]).toBeGreaterThanOrEqual(295);
    }
  });

  it('stops its background runs on shutdown and aborts the run in flight', async () => {
    const runs = new RunLog();
    @Injectable()
    class PolledDependency {
      @HealthCheck({ name: 'polled', interval: 30, timeout: 1000 })
      ping(ctx: HealthCheckContext) {
        return runs.track(ctx, () => sleep(100));
      }
    }
    running = await startApp('fastify', { imports: [HealthModule.forRoot()], providers: [PolledDependency] });
    await waitFor('a run in flight after the first', () => runs.started >= 2 && runs.inFlight === 1, 3000, 1);
    const inFlight = runs.signals[runs.signals.length - 1];

    await running.close();
    running = undefined;
    const startedAtClose = runs.started;
    expect(inFlight.aborted).toBe(true);
    expect(String((inFlight.reason as Error).message)).toBe('shutting down');

    await sleep(300);
    expect(runs.started).toBe(startedAtClose);
  });
});

describe('background work', () => {
  it('never keeps the process alive: an app context with interval and startup checks exits by itself', async () => {
    const child = new FixtureProcess('idle-context.ts', {});
    try {
      const initialised = await child.event('initialised');
      const exit = await child.exit(10_000);
      const last = await child.event('exit', 0);
      expect(exit.code).toBe(0);
      expect(last.at - initialised.at).toBeLessThan(1000);
      // the background work had started: first interval run at once, the startup check tried and failed once
      expect(last).toMatchObject({ poller: 1, migrations: 1 });
    } finally {
      await child.kill();
    }
  }, 30_000);
});

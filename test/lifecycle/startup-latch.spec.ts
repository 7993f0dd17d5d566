import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthCheck, HealthModule, HealthRegistry, HealthService } from '../../src/index.js';
import { type RunningApp, startApp } from '../support/http-app.js';
import { deferred, waitFor } from './lifecycle-support.js';

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('the startup latch', () => {
  it('keeps startup and ready at 503 "starting" while a startup check fails, then startup is 200 for good', async () => {
    let failUntil = Number.POSITIVE_INFINITY;
    const calls: number[] = [];
    @Injectable()
    class Migrations {
      @HealthCheck({ name: 'migrations', probes: ['startup'] })
      applied() {
        // fails for the first 2 s of its life
        if (calls.push(Date.now()) === 1) failUntil = Date.now() + 2000;
        if (Date.now() < failUntil) throw new Error('migrations still running');
      }
    }
    running = await startApp('fastify', { imports: [HealthModule.forRoot()], providers: [Migrations] });

    const startup = await running.get('/health/startup');
    expect(startup.status).toBe(503);
    expect(startup.json()).toMatchObject({ status: 'starting' });
    const ready = await running.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'starting' });

    // requests never drive startup checks: 50 probes in a row do not add runs
    const callsBefore = calls.length;
    for (let i = 0; i < 50; i++) expect((await running.get('/health/startup')).status).toBe(503);
    expect(calls.length - callsBefore).toBeLessThanOrEqual(1);

    const started = await waitFor('startup to pass', async () => {
      const answer = await running!.get('/health/startup');
      return answer.status === 200 ? answer : undefined;
    }, 6000, 20);
    expect(Date.now() - calls[0]).toBeGreaterThanOrEqual(2000);
    expect(started.json()).toMatchObject({ status: 'started' });
    expect((await running.get('/health/ready')).json()).toMatchObject({ status: 'ready' });
    // retried in the background about every second
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i] - calls[i - 1]).toBeGreaterThanOrEqual(990);
      expect(calls[i] - calls[i - 1]).toBeLessThan(2000);
    }

    // the check failing later changes nothing: startup stays 200 and the check is not run again
    failUntil = Number.POSITIVE_INFINITY;
    const callsAtStart = calls.length;
    await sleep(1300);
    const later = await running.get('/health/startup');
    expect(later.status).toBe(200);
    expect(later.json()).toMatchObject({ status: 'started' });
    expect(calls.length).toBe(callsAtStart);
  });

  it('holds startup and readiness until every holdReadiness promise settles, rejected ones included', async () => {
    const cacheWarm = deferred();
    const featureFlags = deferred();
    const seenAtInit: string[] = [];
    @Injectable()
    class Warmup implements OnModuleInit {
      constructor(private readonly health: HealthService) {}

      async onModuleInit() {
        this.health.holdReadiness(cacheWarm.promise);
        this.health.holdReadiness(featureFlags.promise);
        seenAtInit.push((await this.health.check('startup')).status);
      }
    }
    running = await startApp('express', { imports: [HealthModule.forRoot()], providers: [Warmup] });
    expect(seenAtInit).toEqual(['starting']);

    expect((await running.get('/health/startup')).status).toBe(503);
    cacheWarm.resolve();
    await sleep(20);
    expect((await running.get('/health/startup')).json()).toMatchObject({ status: 'starting' });
    expect((await running.get('/health/ready')).json()).toMatchObject({ status: 'starting' });

    featureFlags.reject(new Error('flag service unreachable'));
    await waitFor('startup to pass', async () => ((await running!.get('/health/startup')).status === 200 ? true : undefined));
    expect((await running.get('/health/ready')).status).toBe(200);
  });

  it("counts holds and startup checks taken in the app's own onApplicationBootstrap, which runs after the module's", async () => {
    const warm = deferred();
    let schemaReady = false;
    @Injectable()
    class Bootstrapper implements OnApplicationBootstrap {
      constructor(
        private readonly health: HealthService,
        private readonly registry: HealthRegistry,
      ) {}

      onApplicationBootstrap() {
        this.health.holdReadiness(warm.promise);
        this.registry.register('schema', () => schemaReady, { probes: ['startup'] });
      }
    }
    running = await startApp('fastify', { imports: [HealthModule.forRoot()], providers: [Bootstrapper] });
    expect((await running.get('/health/startup')).json()).toMatchObject({ status: 'starting' });
    warm.resolve();
    await sleep(50);
    expect((await running.get('/health/startup')).json()).toMatchObject({ status: 'starting' });
    schemaReady = true;
    const started = await waitFor('startup to pass', async () => {
      const answer = await running!.get('/health/startup');
      return answer.status === 200 ? answer : undefined;
    }, 3000, 20);
    expect(started.json()).toMatchObject({ status: 'started' });
  });

  it('waits for the first run of an interval startup check rather than a second', async () => {
    let runs = 0;
    @Injectable()
    class Broker {
      @HealthCheck({ name: 'broker', interval: 60_000, probes: ['startup', 'ready'] })
      async connected() {
        runs += 1;
        await sleep(100);
      }
    }
    running = await startApp('fastify', { imports: [HealthModule.forRoot()], providers: [Broker] });
    const bootedAt = Date.now();
    await waitFor('startup to pass', async () => ((await running!.get('/health/startup')).status === 200 ? true : undefined), 3000, 10);
    expect(Date.now() - bootedAt).toBeLessThan(600);
    expect(runs).toBe(1);
  });

  it('stops retrying startup checks on shutdown', async () => {
    let calls = 0;
    @Injectable()
    class NeverReady {
      @HealthCheck({ name: 'never_ready', probes: ['startup'] })
      ping() {
        calls += 1;
        return false;
      }
    }
    running = await startApp('fastify', { imports: [HealthModule.forRoot()], providers: [NeverReady] });
    await waitFor('a retry', () => calls >= 2, 4000);
    await running.close();
    running = undefined;
    const callsAtClose = calls;
    await sleep(1500);
    expect(calls).toBe(callsAtClose);
  });

  it('is started right after bootstrap when there is no startup check and no hold', async () => {
    running = await startApp('fastify', { imports: [HealthModule.forRoot()] });
    const startup = await running.get('/health/startup');
    expect(startup.status).toBe(200);
    expect(startup.json()).toMatchObject({ status: 'started' });
    expect(running.app.get(HealthService).isStarted).toBe(true);
  });
});

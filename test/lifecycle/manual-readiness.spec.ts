import { Injectable } from '@nestjs/common';
import { HealthCheck, HealthModule, HealthService, type HealthTransition } from '../../src/index.js';
import { PLATFORMS, type RunningApp, startApp } from '../support/http-app.js';
import { deferred, waitFor } from './lifecycle-support.js';

@Injectable()
class Database {
  @HealthCheck({ name: 'database' })
  ping() {
    return { pool_size: 10 };
  }

  @HealthCheck({ name: 'heartbeat', probes: ['live'] })
  heartbeat() {
    return true;
  }
}

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe.each(PLATFORMS)('manual readiness on %s', (platform) => {
  beforeEach(async () => {
    running = await startApp(platform, { imports: [HealthModule.forRoot({ deep: { public: true } })], providers: [Database] });
  });

  it('answers ready 503 "not_ready" after markNotReady(reason) until markReady(), leaving live and startup at 200', async () => {
    const health = running!.app.get(HealthService);
    expect((await running!.get('/health/ready')).status).toBe(200);

    health.markNotReady('maintenance window');
    const notReady = await running!.get('/health/ready');
    expect(notReady.status).toBe(503);
    expect(notReady.json()).toMatchObject({ status: 'not_ready', checks: { database: { healthy: true } } });
    expect((await running!.get('/health/live')).status).toBe(200);
    expect((await running!.get('/health/startup')).status).toBe(200);
    expect(health.readiness).toBe('not_ready');

    health.markReady();
    const ready = await running!.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  it('answers ready 503 "not_ready" while a holdReadiness promise taken after start-up is pending', async () => {
    const health = running!.app.get(HealthService);
    const events: HealthTransition[] = [];
    health.changes$.subscribe((event) => events.push(event));
    const reload = deferred();
    health.holdReadiness(reload.promise);
    expect((await running!.get('/health/ready')).json()).toMatchObject({ status: 'not_ready' });
    expect((await running!.get('/health/startup')).status).toBe(200);
    reload.resolve();
    await waitFor('readiness to return', async () => ((await running!.get('/health/ready')).status === 200 ? true : undefined));
    expect(events.map(({ check, from, to, reason }) => ({ check, from, to, reason }))).toEqual([
      { check: '*', from: 'ready', to: 'not_ready', reason: 'waiting for 1 readiness hold' },
      { check: '*', from: 'not_ready', to: 'ready', reason: undefined },
    ]);
  });

  it('runs probes programmatically with HealthService.check(probe), by the same rules as the routes', async () => {
    const health = running!.app.get(HealthService);
    expect(await health.check('ready')).toMatchObject({
      probe: 'ready',
      status: 'ready',
      ok: true,
      checks: [{ name: 'database', state: 'healthy', critical: true, passes: true, details: { pool_size: 10 } }],
    });
    expect(await health.check('live')).toMatchObject({ probe: 'live', status: 'alive', ok: true, checks: [{ name: 'heartbeat', state: 'healthy' }] });
    expect(await health.check('startup')).toEqual({ probe: 'startup', status: 'started', ok: true });
    const deep = await health.check('deep');
    expect(deep).toMatchObject({ probe: 'deep', status: 'ready', ok: true });
    expect((deep.checks ?? []).map((check) => check.name).sort()).toEqual(['database', 'heartbeat']);
    expect(deep.checks?.every((check) => check.reasonShown && check.cached !== undefined)).toBe(true);
    expect(deep.system?.pid).toBe(process.pid);

    health.markNotReady('draining a queue');
    expect(await health.check('ready')).toMatchObject({ status: 'not_ready', ok: false });
    expect(await health.check('live')).toMatchObject({ status: 'alive', ok: true });
  });
});

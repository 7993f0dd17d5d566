import { jest } from '@jest/globals';
import { HealthService } from 'nestjs-health';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { HealthEvents } from '../../src/health-events.js';
import { CheckSwitches, startGrpcApp, switchedChecks, type RunningGrpcApp } from './support/grpc-app.js';
import { StalledWatch } from './support/stalled-watch.js';

const INTERVAL_MS = 50;
// one background run after the change, plus room for a loaded 2-core machine
const WITHIN_ONE_RUN_MS = INTERVAL_MS + 400;
const SERVING = 1;
const NOT_SERVING = 2;

const apps: RunningGrpcApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start(checks: Parameters<typeof switchedChecks>[1], switches: CheckSwitches) {
  const running = await startGrpcApp({
    providers: [switchedChecks(switches, checks)],
    health: { grpc: { services: { 'hero.HeroService': ['database'] } } },
  });
  apps.push(running);
  return running;
}

describe('grpc.health.v1 Watch', () => {
  it('sends the current status at once, one message per change within one check run, and nothing while states stay', async () => {
    const switches = new CheckSwitches();
    const running = await start({ database: { interval: INTERVAL_MS } }, switches);
    await sleep(INTERVAL_MS * 2);
    const opened = performance.now();
    const watcher = running.health.watch('');
    const first = await watcher.waitFor('SERVING', 2000);

    await sleep(INTERVAL_MS * 10);
    const quietWhileHealthy = watcher.statuses.length;
    const changedAt = performance.now();
    switches.set('database', false);
    const down = await watcher.waitFor('NOT_SERVING', 5000);
    await sleep(INTERVAL_MS * 10);
    const quietWhileFailing = watcher.statuses.length;
    switches.set('database', true);
    const restoredAt = performance.now();
    const up = await watcher.waitFor('SERVING', 5000, 2);

    console.log(
      `Watch: first message ${(first.at - opened).toFixed(1)} ms after opening; NOT_SERVING ${(down.at - changedAt).toFixed(1)} ms ` +
        `and SERVING ${(up.at - restoredAt).toFixed(1)} ms after the change (interval ${INTERVAL_MS} ms)`,
    );
    expect(quietWhileHealthy).toBe(1);
    expect(quietWhileFailing).toBe(2);
    expect(watcher.statuses).toEqual(['SERVING', 'NOT_SERVING', 'SERVING']);
    expect(down.at - changedAt).toBeLessThan(WITHIN_ONE_RUN_MS);
    expect(up.at - restoredAt).toBeLessThan(WITHIN_ONE_RUN_MS);
  });

  it('follows each name by its own rule: the database outage reaches readiness and its service, not liveness', async () => {
    const switches = new CheckSwitches();
    const running = await start({ database: { interval: INTERVAL_MS } }, switches);
    const names = ['', 'readiness', 'liveness', 'startup', 'hero.HeroService'];
    const watchers = names.map((name) => running.health.watch(name));
    await Promise.all(watchers.map((watcher) => watcher.waitFor('SERVING', 2000)));
    switches.set('database', false);
    await watchers[0].waitFor('NOT_SERVING', 5000);
    await sleep(INTERVAL_MS * 4);
    expect(Object.fromEntries(names.map((name, i) => [name, watchers[i].statuses]))).toEqual({
      '': ['SERVING', 'NOT_SERVING'],
      readiness: ['SERVING', 'NOT_SERVING'],
      liveness: ['SERVING'],
      startup: ['SERVING'],
      'hero.HeroService': ['SERVING', 'NOT_SERVING'],
    });
  });

  it('passes on what Check finds: with a ttl check and no interval, the kubelet’s Check drives the watchers', async () => {
    const switches = new CheckSwitches();
    const running = await start({ database: { ttl: 0 } }, switches);
    const watcher = running.health.watch('hero.HeroService');
    await watcher.waitFor('SERVING', 2000);
    const runs = switches.runsOf('database');
    switches.set('database', false);
    await sleep(300);
    // Watch never runs a check on its own: nothing ran, nothing changed
    expect(switches.runsOf('database')).toBe(runs);
    expect(watcher.statuses).toEqual(['SERVING']);
    expect(await running.health.check('')).toBe('NOT_SERVING');
    await watcher.waitFor('NOT_SERVING', 2000);
  });

  it('answers SERVICE_UNKNOWN for an unknown name and keeps the stream open', async () => {
    const running = await start({ database: {} }, new CheckSwitches());
    const watcher = running.health.watch('hero.VillainService');
    await watcher.waitFor('SERVICE_UNKNOWN', 2000);
    await sleep(200);
    expect(watcher.end).toBeUndefined();
    expect(watcher.statuses).toEqual(['SERVICE_UNKNOWN']);
  });

  it('follows manual readiness: markNotReady turns readiness NOT_SERVING, a mapped service keeps its checks’ word', async () => {
    const running = await start({ database: {} }, new CheckSwitches());
    const ready = running.health.watch('');
    const service = running.health.watch('hero.HeroService');
    await Promise.all([ready.waitFor('SERVING', 2000), service.waitFor('SERVING', 2000)]);
    const health = running.app.get(HealthService);
    health.markNotReady('warming the cache');
    await ready.waitFor('NOT_SERVING', 1000);
    health.markReady();
    await ready.waitFor('SERVING', 1000, 1);
    expect(service.statuses).toEqual(['SERVING']);
  });

  it('costs one subscription to the transition stream, however many watchers there are', async () => {
    const running = await start({ database: { interval: INTERVAL_MS } }, new CheckSwitches());
    // the server subscribed once when it started; watchers must add none
    const subscribe = jest.spyOn(running.app.get(HealthEvents).changes$, 'subscribe');
    const watchers = Array.from({ length: 200 }, (_, i) => running.health.watch(['', 'liveness', 'hero.HeroService'][i % 3]));
    await Promise.all(watchers.map((watcher) => watcher.waitFor('SERVING', 5000)));
    expect(subscribe).not.toHaveBeenCalled();
    for (const watcher of watchers) watcher.cancel();
  });

  it('keeps one status pending for a client that stops reading, whatever the number of changes', async () => {
    const running = await start({ database: {} }, new CheckSwitches());
    const health = running.app.get(HealthService);
    const stalled = new StalledWatch(running.address, '');
    try {
      await sleep(100);
      const FLIPS = 500;
      for (let i = 0; i < FLIPS; i++) {
        health.markNotReady('flip');
        await nextTurn();
        health.markReady();
        await nextTurn();
      }
      health.markNotReady('last');
      await nextTurn();
      stalled.resume();
      await sleep(300);
      // the first status was in flight when the window closed on it; of the 1001 changes since, only the latest waited
      expect(stalled.statuses()).toEqual([SERVING, NOT_SERVING]);
    } finally {
      stalled.close();
    }
  });
});

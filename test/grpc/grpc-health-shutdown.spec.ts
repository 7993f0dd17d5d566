import { setTimeout as sleep } from 'node:timers/promises';
import { ShutdownCoordinator } from '../../src/lifecycle/shutdown-coordinator.js';
import { FixtureProcess } from '../support/fixture-process.js';
import { freePort } from '../support/throwaway-port.js';
import { CheckSwitches, heroClient, startGrpcApp, switchedChecks } from './support/grpc-app.js';
import { HealthClient, type Watcher } from './support/health-client.js';

const NAMES = ['', 'readiness', 'liveness', 'startup', 'hero.HeroService'];
const services = { 'hero.HeroService': ['database'] };

async function watchAll(client: HealthClient, copies = 1): Promise<Watcher[]> {
  const watchers = NAMES.flatMap((name) => Array.from({ length: copies }, () => client.watch(name)));
  await Promise.all(watchers.map((watcher) => watcher.waitFor('SERVING', 5000)));
  return watchers;
}

describe('closing a gRPC app with Watch streams open (gracefulShutdown: true)', () => {
  it('returns promptly: the streams end with their last message before the server shuts down', async () => {
    const running = await startGrpcApp({ providers: [switchedChecks(new CheckSwitches(), { database: {} })], health: { grpc: { services } }, server: { gracefulShutdown: true } });
    const watchers = await watchAll(running.health, 20);
    const started = performance.now();
    await running.app.close();
    const closeMs = performance.now() - started;
    const ends = await Promise.all(watchers.map((watcher) => watcher.ended));
    running.health.close();
    console.log(`close() with ${watchers.length} Watch streams open: ${closeMs.toFixed(1)} ms`);
    expect(closeMs).toBeLessThan(1000);
    expect(new Set(ends.map((end) => end.codeName))).toEqual(new Set(['OK']));
    // every name but liveness was told NOT_SERVING before its stream ended
    const byName = new Set(watchers.map((watcher, i) => JSON.stringify([NAMES[Math.floor(i / 20)], watcher.statuses])));
    expect([...byName].map((entry) => JSON.parse(entry))).toEqual([
      ['', ['SERVING', 'NOT_SERVING']],
      ['readiness', ['SERVING', 'NOT_SERVING']],
      ['liveness', ['SERVING']],
      ['startup', ['SERVING', 'NOT_SERVING']],
      ['hero.HeroService', ['SERVING', 'NOT_SERVING']],
    ]);
  });

  it('counterfactual: an open stream of the app’s own holds the same close() until the client goes', async () => {
    const running = await startGrpcApp({ server: { gracefulShutdown: true } });
    const follow = await running.followHero(1);
    follow.on('error', () => undefined);
    let closed = false;
    const closing = running.app.close().then(() => (closed = true));
    await sleep(1500);
    expect(closed).toBe(false);
    follow.cancel();
    await closing;
    running.health.close();
  });

  it('ends every Watch stream in the shutdown coordinator’s last steps, while Check keeps answering', async () => {
    const running = await startGrpcApp({ providers: [switchedChecks(new CheckSwitches(), { database: {} })], health: { grpc: { services } } });
    try {
      const [ready] = await watchAll(running.health);
      await running.app.get(ShutdownCoordinator).prepareClose();
      expect((await ready.ended).codeName).toBe('OK');
      expect(ready.statuses).toEqual(['SERVING', 'NOT_SERVING']);
      // a client that comes back is told the status and let go at once
      const late = running.health.watch('liveness');
      expect((await late.ended).codeName).toBe('OK');
      expect(late.statuses).toEqual(['SERVING']);
      expect(await running.health.check('liveness')).toBe('SERVING');
    } finally {
      await running.close();
    }
  });
});

describe('SIGTERM with enableHealthShutdown (child process)', () => {
  const DRAIN_MS = 1500;
  let child: FixtureProcess | undefined;
  afterEach(() => child?.kill());

  it('turns every name but liveness NOT_SERVING within 50 ms, serves the app’s own RPCs through the drain, then ends the streams', async () => {
    const port = await freePort();
    child = new FixtureProcess('grpc-drain-app.ts', { PORT: String(port), DRAIN_MS: String(DRAIN_MS) });
    await child.event('listening');
    const client = new HealthClient(`127.0.0.1:${port}`);
    const hero = heroClient(`127.0.0.1:${port}`);
    try {
      const watchers = await watchAll(client);
      const signalledAt = performance.now();
      child.signal('SIGTERM');
      const flips = await Promise.all(watchers.filter((_, i) => NAMES[i] !== 'liveness').map((watcher) => watcher.waitFor('NOT_SERVING', 2000)));
      const worstMs = Math.max(...flips.map((flip) => flip.at - signalledAt));
      const duringDrain = { ready: await client.check(''), live: await client.check('liveness') };
      const served: number[] = [];
      // the Watch streams end once the drain is over: until then the app's own RPCs are served
      while (!watchers[0].end) {
        try {
          served.push((await hero.findHero(served.length)).id);
        } catch (error) {
          // the server may stop accepting a moment before the client reads the streams' end: only after the drain
          if (performance.now() - signalledAt < DRAIN_MS) throw error;
          break;
        }
        await sleep(20);
      }
      const end = await watchers[0].ended;
      const endedAfterMs = end.at - signalledAt;
      const exit = await child.exit(10_000);
      console.log(
        `SIGTERM → NOT_SERVING on every Watch within ${worstMs.toFixed(1)} ms; ${served.length} app RPCs served during the ${DRAIN_MS} ms drain; ` +
          `Watch streams ended ${endedAfterMs.toFixed(0)} ms after the signal`,
      );
      expect(worstMs).toBeLessThan(50);
      expect(duringDrain).toEqual({ ready: 'NOT_SERVING', live: 'SERVING' });
      expect(endedAfterMs).toBeGreaterThanOrEqual(DRAIN_MS - 5);
      expect(served.length).toBeGreaterThan(10);
      expect(watchers[NAMES.indexOf('liveness')].statuses).toEqual(['SERVING']);
      expect((await Promise.all(watchers.map((watcher) => watcher.ended))).map((end) => end.codeName)).toEqual(NAMES.map(() => 'OK'));
      // the app's pool closed after the drain, and the process ended by the signal it was sent
      expect(child.events.map((event) => event.event)).toEqual(['listening', 'database-closed']);
      expect(exit.signal).toBe('SIGTERM');
    } finally {
      client.close();
      hero.close();
    }
  });
});

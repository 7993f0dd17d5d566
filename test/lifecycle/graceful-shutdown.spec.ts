import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthModule, HealthService, type HealthTransition } from '../../src/index.js';
import { PLATFORMS, startApp } from '../support/http-app.js';
import { FixtureProcess } from '../support/fixture-process.js';
import { waitFor } from './lifecycle-support.js';
import { type Exchange, RequestStream } from './request-stream.js';

const DRAIN_MS = 1500;
const children: FixtureProcess[] = [];
function spawnApp(env: Record<string, string>): FixtureProcess {
  const child = new FixtureProcess('drain-app.ts', env);
  children.push(child);
  return child;
}
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
});

const parse = (exchange: Exchange) => JSON.parse(exchange.body ?? 'null') as Record<string, unknown>;

describe.each(PLATFORMS)('SIGTERM with app.enableShutdownHooks() on %s', (platform) => {
  it('drains: ready 503 at once, live 200, every request served normally with Connection: close, pools closed after', async () => {
    // with Nest's return503OnClosing on, which must not cut the drain short either
    const child = spawnApp({ PLATFORM: platform, DRAIN_MS: String(DRAIN_MS), RETURN_503_ON_CLOSING: '1' });
    const port = (await child.event('listening')).port as number;
    const work = [1, 2, 3].map(() => new RequestStream(port, '/work'));
    const ready = new RequestStream(port, '/health/ready');
    const live = new RequestStream(port, '/health/live');
    await sleep(300);

    const signalAt = child.signal('SIGTERM');
    // keep the traffic going through the drain, stopping short of its end so every request belongs to it
    await sleep(signalAt + DRAIN_MS - 200 - Date.now());
    const workExchanges = (await Promise.all(work.map((stream) => stream.stop()))).flat();
    const readyExchanges = await ready.stop();
    const liveExchanges = await live.stop();
    const exit = await child.exit(DRAIN_MS + 15_000);
    const poolClosed = await child.event('pool-closed', 0);

    // readiness: 503 shutting_down within 50 ms of the signal, and from then on
    const firstRefusal = readyExchanges.find((exchange) => exchange.status === 503);
    expect(firstRefusal).toBeDefined();
    expect(parse(firstRefusal!)).toMatchObject({ status: 'shutting_down' });
    expect(firstRefusal!.answeredAt - signalAt).toBeLessThanOrEqual(50);
    const flippedAt = firstRefusal!.answeredAt;
    const readyAfterFlip = readyExchanges.filter((exchange) => exchange.sentAt >= flippedAt);
    expect(readyAfterFlip.length).toBeGreaterThan(10);
    for (const exchange of readyAfterFlip) {
      expect(exchange).toMatchObject({ status: 503 });
      expect(parse(exchange)).toMatchObject({ status: 'shutting_down' });
    }
    expect(readyExchanges.filter((exchange) => exchange.sentAt < signalAt).every((exchange) => exchange.status === 200)).toBe(true);

    // liveness never failed
    expect(liveExchanges.filter((exchange) => exchange.sentAt >= flippedAt).length).toBeGreaterThan(10);
    for (const exchange of liveExchanges) expect(exchange).toMatchObject({ status: 200 });

    // every request of the stream got its normal answer, served against an open pool
    const duringDrain = workExchanges.filter((exchange) => exchange.sentAt >= signalAt);
    expect(duringDrain.length).toBeGreaterThan(30);
    for (const exchange of workExchanges) {
      expect(exchange).toMatchObject({ status: 200 });
      expect(exchange.error).toBeUndefined();
      expect(parse(exchange)).toMatchObject({ pool: 'open' });
      expect(parse(exchange).served_at as number).toBeLessThan(poolClosed.at);
    }

    // keep-alive clients are told to go: every answer to a request sent after the flip says Connection: close
    for (const exchange of [...workExchanges, ...readyExchanges, ...liveExchanges].filter((e) => e.sentAt >= flippedAt)) {
      expect(exchange).toMatchObject({ connection: 'close' });
    }
    expect(workExchanges.filter((exchange) => exchange.sentAt < signalAt).every((e) => e.connection === 'keep-alive')).toBe(true);

    // the drain ran before any onModuleDestroy: the app's pool closed only once drainMs had passed
    expect(poolClosed.at - signalAt).toBeGreaterThanOrEqual(DRAIN_MS - 2);
    // and the process ended by itself right after: exit code 0 or Nest's re-raised SIGTERM
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(exit.at).toBeGreaterThanOrEqual(poolClosed.at);
    expect(exit.at - signalAt).toBeLessThan(DRAIN_MS + 3000);

    expect(child.lines('readiness: ready -> shutting_down (SIGTERM)')).toHaveLength(1);
    if (process.env.LIFECYCLE_FIGURES) {
      console.log(platform, `ready 503 after ${flippedAt - signalAt} ms, ${duringDrain.length} requests served during the drain,`,
        `pool closed after ${poolClosed.at - signalAt} ms, exit after ${exit.at - signalAt} ms (${exit.code ?? exit.signal})`);
    }
    expect(child.lines('drainMs')).toEqual([]);
  }, 60_000);
});

describe('shutdown without a drain', () => {
  it('does not wait on SIGINT', async () => {
    // hooks enabled after listen(): the boot check must still see them
    const child = spawnApp({ PLATFORM: 'fastify', DRAIN_MS: '5000', SHUTDOWN_HOOKS: 'after' });
    await child.event('listening');
    const signalAt = child.signal('SIGINT');
    const exit = await child.exit(15_000);
    const poolClosed = await child.event('pool-closed', 0);

    expect(poolClosed.at - signalAt).toBeLessThan(1000);
    expect(exit.code === 0 || exit.signal === 'SIGINT').toBe(true);
    expect(exit.at - signalAt).toBeLessThan(3000);
    expect(child.lines('drainMs')).toEqual([]);
  }, 60_000);

  it('warns once at boot when drainMs > 0 without shutdown hooks, and leaves SIGTERM its default (exit at once)', async () => {
    const child = spawnApp({ PLATFORM: 'express', DRAIN_MS: String(DRAIN_MS), SHUTDOWN_HOOKS: 'off' });
    await child.event('listening');
    await sleep(200);
    expect(child.lines('drainMs')).toEqual([
      expect.stringContaining(
        `shutdown.drainMs is ${DRAIN_MS} but no SIGTERM listener is installed: call app.enableShutdownHooks() (or enableHealthShutdown(app)) so the drain can run`,
      ),
    ]);

    const signalAt = child.signal('SIGTERM');
    const exit = await child.exit(15_000);
    expect(exit.signal).toBe('SIGTERM');
    expect(exit.at - signalAt).toBeLessThan(1000);
    // Nest was never told to close: no hook ran
    expect(child.events.map((event) => event.event)).toEqual(['listening']);
  }, 60_000);

  it('leaves SIGTERM its default with two apps in one process and no shutdown hooks: one drain does not count on another', async () => {
    const child = spawnApp({ PLATFORM: 'fastify', DRAIN_MS: String(DRAIN_MS), SHUTDOWN_HOOKS: 'off', APPS: '2' });
    await child.event('listening');
    await waitFor('the second app', () => child.events.filter((event) => event.event === 'listening').length === 2, 20_000);
    await sleep(200);
    expect(child.lines('drainMs')).toHaveLength(2);

    const signalAt = child.signal('SIGTERM');
    const exit = await child.exit(15_000);
    expect(exit.signal).toBe('SIGTERM');
    expect(exit.at - signalAt).toBeLessThan(1000);
  }, 60_000);

  it.each(PLATFORMS)('does not wait on a programmatic app.close() on %s', async (platform) => {
    let poolClosedAt = 0;
    @Injectable()
    class Pool implements OnModuleDestroy {
      onModuleDestroy() {
        poolClosedAt = Date.now();
      }
    }
    const events: HealthTransition[] = [];
    const running = await startApp(platform, {
      imports: [HealthModule.forRoot({ shutdown: { drainMs: DRAIN_MS }, logger: false })],
      providers: [Pool],
    });
    running.app.get(HealthService).changes$.subscribe((event) => events.push(event));
    const closingAt = Date.now();
    await running.close();

    expect(Date.now() - closingAt).toBeLessThan(DRAIN_MS / 2);
    expect(poolClosedAt).toBeGreaterThanOrEqual(closingAt);
    expect(events).toEqual([expect.objectContaining({ check: '*', from: 'ready', to: 'shutting_down', reason: 'application closing' })]);
  });
});

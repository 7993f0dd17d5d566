import { setTimeout as sleep } from 'node:timers/promises';
import { FixtureProcess } from '../../support/fixture-process.js';
import { type Exchange, RequestStream } from '../../lifecycle/request-stream.js';
import { freePort } from '../../support/throwaway-port.js';

const DRAIN_MS = 1500;
const SLOW_SHUTDOWN_MS = 600;
const children: FixtureProcess[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
});

const statusOf = (exchange: Exchange) => `${exchange.status} ${(JSON.parse(exchange.body ?? '{}') as { status?: string }).status}`;

/**
 * SIGTERM in a child app with the probe server: readiness 503 at once, the pool closed in onModuleDestroy only
 * after drainMs, the probe server still answering after the pool closed and through the app's own
 * beforeApplicationShutdown (it closes last), then the process exits by the signal.
 */
export function describeShutdownOrder(kind: 'fastify' | 'express' | 'context' | 'microservice', thread = false): void {
  const how = kind === 'fastify' || kind === 'express' ? 'app.enableShutdownHooks()' : 'enableHealthShutdown(app)';
  it(`drains a${thread ? ' thread-mode' : ''} ${kind} app on SIGTERM with ${how} and closes the probe server last`, async () => {
    const port = await freePort();
    const child = new FixtureProcess('probe-server-app.ts', {
      KIND: kind,
      HEALTH_PORT: String(port),
      DRAIN_MS: String(DRAIN_MS),
      SLOW_SHUTDOWN_MS: String(SLOW_SHUTDOWN_MS),
      ...(thread ? { THREAD: '1' } : {}),
    });
    children.push(child);
    await child.event('listening');
    const ready = new RequestStream(port, '/health/ready');
    const live = new RequestStream(port, '/health/live');
    await sleep(300);

    const signalAt = child.signal('SIGTERM');
    const exit = await child.exit(DRAIN_MS + 15_000);
    const readyExchanges = await ready.stop();
    const liveExchanges = await live.stop();
    const poolClosed = await child.event('pool-closed', 0);
    const shutdownDone = await child.event('shutdown-done', 0);

    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
    // readiness flipped within 100 ms of the signal and stayed 503 shutting_down while the probe server answered
    const answered = (exchanges: Exchange[]) => exchanges.filter((exchange) => exchange.status !== undefined);
    const afterSignal = answered(readyExchanges).filter((exchange) => exchange.sentAt >= signalAt);
    const firstRefusal = afterSignal.find((exchange) => exchange.status === 503);
    expect(firstRefusal && statusOf(firstRefusal)).toBe('503 shutting_down');
    expect(firstRefusal!.answeredAt - signalAt).toBeLessThanOrEqual(100);
    for (const exchange of afterSignal.filter((each) => each.sentAt >= firstRefusal!.answeredAt)) expect(statusOf(exchange)).toBe('503 shutting_down');
    for (const exchange of answered(liveExchanges)) expect(statusOf(exchange)).toBe('200 alive');

    // the drain came before any onModuleDestroy
    expect(poolClosed.at - signalAt).toBeGreaterThanOrEqual(DRAIN_MS - 20);
    // the probe server answered after the pools closed, through the app's own last hook: it closed last
    const lateReady = answered(readyExchanges).filter((exchange) => exchange.sentAt > poolClosed.at);
    const lateLive = answered(liveExchanges).filter((exchange) => exchange.sentAt > poolClosed.at);
    expect(lateReady.length).toBeGreaterThan(3);
    expect(lateLive.length).toBeGreaterThan(3);
    expect(Math.max(...lateLive.map((exchange) => exchange.answeredAt))).toBeGreaterThanOrEqual(shutdownDone.at - SLOW_SHUTDOWN_MS / 3);
    // and then nothing: the port is closed
    const refused = [...readyExchanges, ...liveExchanges].filter((exchange) => exchange.error !== undefined);
    expect(refused.every((exchange) => exchange.sentAt >= shutdownDone.at - 50)).toBe(true);
  });
}

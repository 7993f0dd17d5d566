import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { checkRedis, HealthCheck, type HealthCheckContext, HealthModule, type RedisClientLike, watchBullMQWorker } from '../../src/index.js';
import { startApp } from '../support/http-app.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../support/throwaway-redis.js';
import { RedisConnections } from './support/redis-connections.js';

const GRACE_MS = 1000;
const CHECK_TIMEOUT_MS = 300;
const RECONNECT_EVERY_MS = 100;
// what a poll, a reconnect attempt and a busy 2-core machine may add to a deadline
const MARGIN_MS = 1500;

let redis: ThrowawayRedis;
let counter: RedisConnections;
const cleanup: (() => Promise<unknown> | void)[] = [];

beforeAll(async () => {
  redis = await startThrowawayRedis();
  counter = new RedisConnections(redis.port, []);
}, 30_000);

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  // a failed test must not leave the next one a broken server
  redis.resume();
  await redis.start();
}, 30_000);

afterAll(async () => {
  await redis?.destroy();
});

const clients: [string, () => Promise<RedisClientLike>][] = [
  [
    'ioredis',
    async () => {
      const client = new Redis({ host: '127.0.0.1', port: redis.port, retryStrategy: () => RECONNECT_EVERY_MS, maxRetriesPerRequest: null });
      client.on('error', () => undefined);
      await client.ping();
      cleanup.push(() => client.disconnect());
      return client;
    },
  ],
  [
    'node-redis',
    async () => {
      const client = createClient({ url: redis.url, socket: { reconnectStrategy: RECONNECT_EVERY_MS } });
      client.on('error', () => undefined);
      await client.connect();
      cleanup.push(() => client.destroy());
      return client;
    },
  ],
];

/** Calls `check` every 50 ms until `accept` holds; resolves with the ms it took and the last result. */
async function pollUntil<T>(check: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number): Promise<{ ms: number; value: T }> {
  const startedAt = performance.now();
  for (;;) {
    const value = await check();
    if (accept(value)) return { ms: performance.now() - startedAt, value };
    if (performance.now() - startedAt > timeoutMs) throw new Error(`not accepted within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

describe.each(clients)('checkRedis with %s against a Redis that goes away', (name, connect) => {
  it('is degraded while reconnecting, failed after graceMs, and healthy again once Redis is back', async () => {
    const client = await connect();
    // a PING sent in the instant between the kill and the client noticing it times out, as the runner would report
    const check = () =>
      checkRedis(client, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) }, { graceMs: GRACE_MS }).catch((error: Error) => ({
        thrown: error.message,
        connected: false,
        degraded: undefined,
        healthy: undefined,
        message: undefined,
      }));
    expect(await checkRedis(client)).toMatchObject({ connected: true });

    await redis.kill();
    const degraded = await pollUntil(check, (details) => details.degraded === true, MARGIN_MS);
    expect(degraded.value).toMatchObject({ connected: false, message: expect.stringMatching(/^Redis client \w+ for [\d.]+ s; degraded for up to 1 s, then failed$/) });
    const failed = await pollUntil(check, (details) => details.healthy === false, GRACE_MS + MARGIN_MS);
    expect(failed.ms).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(failed.value).toMatchObject({ connected: false, message: expect.stringContaining('longer than its grace of 1 s') });

    await redis.start();
    const recovered = await pollUntil(check, (details) => details.connected, RECONNECT_EVERY_MS + MARGIN_MS * 2);
    console.log(`${name}: degraded ${Math.round(degraded.ms)} ms after the kill, failed ${Math.round(failed.ms)} ms later, healthy ${Math.round(recovered.ms)} ms after the restart`);
    expect(recovered.value).toEqual({ status: 'ready', connected: true, ping_ms: expect.any(Number) });
  }, 30_000);

  it('times out against a hung Redis inside HealthModule, with one PING outstanding however many probes come', async () => {
    const client = await connect();
    @Injectable()
    class CacheChecks {
      @HealthCheck({ name: 'cache', timeout: CHECK_TIMEOUT_MS })
      cache(ctx: HealthCheckContext) {
        return checkRedis(client, ctx);
      }
    }
    const app = await startApp('fastify', { imports: [HealthModule.forRoot({ logger: false, deep: { public: true } })], providers: [CacheChecks] });
    cleanup.push(() => app.close());
    expect((await app.get('/health/ready')).status).toBe(200);

    const pingsBefore = await counter.calls('ping');
    redis.pause();
    const probes = 20;
    const durations: number[] = [];
    for (let i = 0; i < probes; i++) {
      const startedAt = performance.now();
      const answer = await app.get(i % 2 === 0 ? '/health/ready' : '/health/deep');
      durations.push(performance.now() - startedAt);
      expect(answer.status).toBe(503);
      expect(answer.json().checks.cache).toMatchObject({ healthy: false });
      if (i % 2 === 1) expect(answer.json().checks.cache.error).toBe(`timed out after ${CHECK_TIMEOUT_MS} ms`);
    }
    redis.resume();
    // the outstanding PING is answered once the server runs again; no queued copies follow it
    const recovered = await pollUntil(() => app.get('/health/ready'), (answer) => answer.status === 200, MARGIN_MS * 2);
    const pings = (await counter.calls('ping')) - pingsBefore;
    console.log(
      `${name}: ${probes} probes against a SIGSTOPped Redis answered in ${Math.round(Math.min(...durations))}-${Math.round(Math.max(...durations))} ms ` +
        `(timeout ${CHECK_TIMEOUT_MS} ms); PINGs the server received for them: ${pings - 1} (+1 after the resume); ready again ${Math.round(recovered.ms)} ms after SIGCONT`,
    );
    expect(Math.max(...durations)).toBeLessThan(CHECK_TIMEOUT_MS + MARGIN_MS);
    // one PING sent before the stop was noticed and shared by every later run, one run after the resume
    expect(pings).toBeLessThanOrEqual(2);
  }, 60_000);
});

describe('watchBullMQWorker when the broker goes away', () => {
  it('never calls a stuck worker stuck while Redis is hung or down, and judges it again once Redis is back', async () => {
    const connection = { host: '127.0.0.1', port: redis.port, retryStrategy: () => RECONNECT_EVERY_MS };
    const queue = new Queue('outage', { connection });
    queue.on('error', () => undefined);
    let consuming = true;
    const worker = new Worker('outage', async () => {
      while (!consuming) await sleep(50);
      return 'ok';
    }, { connection });
    worker.on('error', () => undefined);
    const watch = watchBullMQWorker(worker, { queue, stuckAfterMs: 500, readTimeoutMs: 100 });
    cleanup.push(async () => {
      consuming = true;
      watch.close();
      await worker.close(true);
      await queue.close();
    });
    consuming = false;
    await queue.addBulk([{ name: 'a', data: {} }, { name: 'b', data: {} }, { name: 'c', data: {} }]);
    const stuck = await pollUntil(() => watch.check(), (details) => details.healthy === false, 500 + MARGIN_MS);
    expect(stuck.value).toMatchObject({ waiting: 2 });

    for (const [outage, start, end] of [
      ['hung (SIGSTOP)', () => redis.pause(), () => redis.resume()],
      ['down (killed)', () => redis.kill(), () => redis.start()],
    ] as const) {
      await start();
      const verdicts = [];
      const startedAt = performance.now();
      while (performance.now() - startedAt < 2000) {
        verdicts.push(await watch.check({ probe: 'live', signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) }));
        await sleep(50);
      }
      console.log(`BullMQ worker, broker ${outage} for 2 s with jobs waiting: ${verdicts.length} checks, ${verdicts.filter((v) => v.healthy === false).length} stuck`);
      expect(verdicts.every((details) => details.healthy === undefined)).toBe(true);
      expect(verdicts.filter((details) => details.waiting === null).length).toBeGreaterThan(verdicts.length / 2);
      await end();
    }
    consuming = true;
    // the killed server lost the jobs (no persistence): the worker is idle, and healthy
    const healthy = await pollUntil(() => watch.check(), (details) => details.waiting !== null, MARGIN_MS * 2);
    expect(healthy.value.healthy).toBeUndefined();
  }, 60_000);
});

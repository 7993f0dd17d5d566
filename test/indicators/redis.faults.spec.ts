import { describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { checkRedis, HealthCheck, type HealthCheckContext, HealthModule, type RedisClientLike } from '../../src/index.js';
import { startApp } from '../support/http-app.js';
import { pollUntil } from './support/poll-until.js';
import { FAULT_TIMINGS, useThrowawayRedis } from './support/redis-fault-suite.js';

const { GRACE_MS, CHECK_TIMEOUT_MS, RECONNECT_EVERY_MS, MARGIN_MS } = FAULT_TIMINGS;
const suite = useThrowawayRedis();
const { cleanup } = suite;

const clients: [string, () => Promise<RedisClientLike>][] = [
  [
    'ioredis',
    async () => {
      const client = new Redis({ host: '127.0.0.1', port: suite.redis.port, retryStrategy: () => RECONNECT_EVERY_MS, maxRetriesPerRequest: null });
      client.on('error', () => undefined);
      await client.ping();
      cleanup.push(() => client.disconnect());
      return client;
    },
  ],
  [
    'node-redis',
    async () => {
      const client = createClient({ url: suite.redis.url, socket: { reconnectStrategy: RECONNECT_EVERY_MS } });
      client.on('error', () => undefined);
      await client.connect();
      cleanup.push(() => client.destroy());
      return client;
    },
  ],
];

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

    await suite.redis.kill();
    const degraded = await pollUntil(check, (details) => details.degraded === true, MARGIN_MS);
    expect(degraded.value).toMatchObject({ connected: false, message: expect.stringMatching(/^Redis client \w+ for [\d.]+ s; degraded for up to 1 s, then failed$/) });
    const failed = await pollUntil(check, (details) => details.healthy === false, GRACE_MS + MARGIN_MS);
    expect(failed.ms).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(failed.value).toMatchObject({ connected: false, message: expect.stringContaining('longer than its grace of 1 s') });

    await suite.redis.start();
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

    const pingsBefore = await suite.counter.calls('ping');
    suite.redis.pause();
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
    suite.redis.resume();
    // the outstanding PING is answered once the server runs again; no queued copies follow it
    const recovered = await pollUntil(() => app.get('/health/ready'), (answer) => answer.status === 200, MARGIN_MS * 2);
    const pings = (await suite.counter.calls('ping')) - pingsBefore;
    console.log(
      `${name}: ${probes} probes against a SIGSTOPped Redis answered in ${Math.round(Math.min(...durations))}-${Math.round(Math.max(...durations))} ms ` +
        `(timeout ${CHECK_TIMEOUT_MS} ms); PINGs the server received for them: ${pings - 1} (+1 after the resume); ready again ${Math.round(recovered.ms)} ms after SIGCONT`,
    );
    expect(Math.max(...durations)).toBeLessThan(CHECK_TIMEOUT_MS + MARGIN_MS);
    // one PING sent before the stop was noticed and shared by every later run, one run after the resume
    expect(pings).toBeLessThanOrEqual(2);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import { checkBullMQQueue, checkRedis, HealthCheck, type HealthCheckContext, HealthModule, watchBullMQWorker } from '../../src/index.js';
import { startApp } from '../support/http-app.js';
import { bullBlockingName, RedisConnections } from './support/redis-connections.js';

// the machine's Redis is shared: this suite's connections carry a name of their own, and keys a prefix
const RUN = `nestjs-health-indicators-${randomUUID().slice(0, 8)}`;
const DB = 9;
const QUEUE = `${RUN}-queue`;
const RUNS = 1000;

let ioredis: Redis;
let nodeRedis: RedisClientType;
let connections: RedisConnections;

beforeAll(async () => {
  ioredis = new Redis({ host: '127.0.0.1', port: 6379, db: DB, connectionName: RUN });
  nodeRedis = createClient({ url: `redis://127.0.0.1:6379/${DB}`, name: RUN });
  await nodeRedis.connect();
  await ioredis.ping();
  connections = new RedisConnections(6379, [RUN, bullBlockingName(QUEUE)]);
});

afterAll(async () => {
  const keys = await ioredis.keys(`${RUN}:*`);
  if (keys.length > 0) await ioredis.del(...keys);
  ioredis.disconnect();
  await nodeRedis.close();
});

describe.each([
  ['ioredis', () => ioredis],
  ['node-redis', () => nodeRedis],
])('checkRedis with a real %s client', (_name, client) => {
  it('answers a public probe with the status, the connection and the PING time only', async () => {
    const details = await checkRedis(client(), { probe: 'ready', signal: AbortSignal.timeout(2000) });
    expect(details).toEqual({ status: 'ready', connected: true, ping_ms: expect.any(Number) });
    expect(details.ping_ms).toBeGreaterThan(0);
  });

  it('adds memory and key count on the deep probe, as the server reports them', async () => {
    await ioredis.mset(`${RUN}:a`, '1', `${RUN}:b`, '2', `${RUN}:c`, '3');
    const details = await checkRedis(client(), { probe: 'deep' });
    const serverKeys = await ioredis.dbsize();
    const usedMb = Number(/^used_memory:(\d+)/m.exec(await ioredis.info('memory'))?.[1]) / 1024 / 1024;
    // other suites may write to this database meanwhile: bracket, not equal
    expect(details.keys).toBeGreaterThanOrEqual(3);
    expect(Math.abs((details.keys ?? 0) - serverKeys)).toBeLessThanOrEqual(50);
    expect(details.used_memory_mb).toBeGreaterThan(0);
    expect(Math.abs((details.used_memory_mb ?? 0) - usedMb)).toBeLessThan(Math.max(5, usedMb * 0.2));
    expect(details.extras_error).toBeUndefined();
  });

  it('is degraded when the PING is slower than slowMs', async () => {
    // a 0 ms budget: any real round trip exceeds it
    const details = await checkRedis(client(), {}, { slowMs: 0 });
    expect(details).toMatchObject({ connected: true, degraded: true, message: expect.stringMatching(/^Redis PING took [\d.]+ ms, above slowMs 0 ms$/) });
  });
});

describe('checkRedis inside HealthModule', () => {
  it('shows the extras on the deep route only', async () => {
    @Injectable()
    class CacheChecks {
      @HealthCheck({ name: 'cache' })
      cache(ctx: HealthCheckContext) {
        return checkRedis(ioredis, ctx);
      }
    }
    const app = await startApp('fastify', { imports: [HealthModule.forRoot({ logger: false, deep: { public: true } })], providers: [CacheChecks] });
    try {
      const ready = (await app.get('/health/ready')).json();
      const deep = (await app.get('/health/deep')).json();
      expect(ready.checks.cache).toEqual({ healthy: true, latency_ms: expect.any(Number), status: 'ready', connected: true, ping_ms: expect.any(Number) });
      expect(deep.checks.cache).toMatchObject({ healthy: true, status: 'ready', keys: expect.any(Number), used_memory_mb: expect.any(Number) });
    } finally {
      await app.close();
    }
  });
});

describe('no new connection per run', () => {
  it(`keeps the server's connection count unchanged over ${RUNS} runs of every Redis-backed check`, async () => {
    const connection = { host: '127.0.0.1', port: 6379, connectionName: RUN };
    const queue = new Queue(QUEUE, { connection });
    const worker = new Worker(QUEUE, async () => 'done', { connection });
    const watch = watchBullMQWorker(worker, { queue, stuckAfterMs: 60_000 });
    try {
      await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
      await queue.add('warm-up', {});
      // the worker's blocking connection is opened once it first waits for a job
      await new Promise((resolve) => worker.once('completed', resolve));
      const before = await connections.count();
      let most = before.ours;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) most = Math.max(most, (await connections.count()).ours);
      })();
      const startedAt = performance.now();
      for (let run = 0; run < RUNS; run++) {
        const probe = run % 10 === 0 ? 'deep' : 'ready';
        const signal = AbortSignal.timeout(2000);
        await Promise.all([
          checkRedis(ioredis, { probe, signal }),
          checkRedis(nodeRedis, { probe, signal }),
          checkBullMQQueue(queue, { probe, signal }),
          watch.check({ probe, signal }),
        ]);
      }
      const elapsed = performance.now() - startedAt;
      sampling = false;
      await sampler;
      const after = await connections.count();
      console.log(
        `connections named for this suite: ${before.ours} before, ${after.ours} after ${RUNS} runs of checkRedis (ioredis, node-redis), ` +
          `checkBullMQQueue and watchBullMQWorker().check() in ${Math.round(elapsed)} ms (at most ${most} seen while they ran); ` +
          `the server's connected_clients: ${before.total} -> ${after.total}`,
      );
      // ioredis, node-redis, the queue, the worker and its blocking connection
      expect(before.ours).toBe(5);
      expect(after.ours).toBe(before.ours);
      expect(most).toBe(before.ours);
      // the very same connections: none was replaced or added
      expect(after.ids).toEqual(before.ids);
    } finally {
      watch.close();
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { Transport } from '@nestjs/microservices';
import { DiskHealthIndicator, MemoryHealthIndicator, MicroserviceHealthIndicator, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { statfs } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { POSTGRES_URL, requireServices } from '../../sample-app/test/support/services.js';
import { HealthCheck, type HealthCheckContext, HealthModule } from '../../src/index.js';
import { fromTerminus } from '../../src/terminus/index.js';
import { startApp, type RunningApp } from '../support/http-app.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../support/throwaway-redis.js';
import type { ThrowawayServer } from '../support/throwaway-server.js';

const HEAP_ROOMY = 8 * 1024 ** 3;
const THROWAWAY = 'throwaway';

/** Thresholds the tests tighten until the real memory and disk figures exceed them. */
class Thresholds {
  heapBytes = HEAP_ROOMY;
  diskPercent = 1;
  constructor(readonly throwawayRedisPort: number) {}
}

/** Real terminus 12 indicators, called exactly as a terminus controller calls them, each wrapped in fromTerminus. */
@Injectable()
class TerminusIndicators {
  constructor(
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly microservice: MicroserviceHealthIndicator,
    private readonly memory: MemoryHealthIndicator,
    private readonly disk: DiskHealthIndicator,
    @InjectDataSource(THROWAWAY) private readonly throwawayDb: DataSource,
    private readonly thresholds: Thresholds,
  ) {}

  @HealthCheck({ name: 'database' })
  database(ctx: HealthCheckContext) {
    return fromTerminus(() => this.typeorm.pingCheck('database'), ctx);
  }

  @HealthCheck({ name: 'throwaway_db', timeout: 2000 })
  throwawayDatabase(ctx: HealthCheckContext) {
    return fromTerminus(() => this.typeorm.pingCheck('throwaway_db', { connection: this.throwawayDb }), ctx);
  }

  @HealthCheck({ name: 'redis_transport', timeout: 2000 })
  redisTransport(ctx: HealthCheckContext) {
    const options = { host: '127.0.0.1', port: 6379 };
    return fromTerminus(() => this.microservice.pingCheck('redis_transport', { transport: Transport.REDIS, options }), ctx);
  }

  @HealthCheck({ name: 'throwaway_redis', timeout: 2000 })
  throwawayRedis(ctx: HealthCheckContext) {
    const options = { host: '127.0.0.1', port: this.thresholds.throwawayRedisPort, retryAttempts: 0 };
    return fromTerminus(() => this.microservice.pingCheck('throwaway_redis', { transport: Transport.REDIS, options }), ctx);
  }

  @HealthCheck({ name: 'memory_heap' })
  memoryHeap(ctx: HealthCheckContext) {
    return fromTerminus(() => this.memory.checkHeap('memory_heap', this.thresholds.heapBytes), ctx);
  }

  @HealthCheck({ name: 'disk' })
  storage(ctx: HealthCheckContext) {
    return fromTerminus(() => this.disk.checkStorage('disk', { path: '/', thresholdPercent: this.thresholds.diskPercent }), ctx);
  }
}

type Entry = Record<string, unknown>;
interface Body {
  status: string;
  checks: Record<string, Entry>;
}

describe('real terminus 12 indicators through fromTerminus (Fastify, the machine’s PostgreSQL and Redis)', () => {
  let app: RunningApp;
  let postgres: ThrowawayPostgres;
  let redis: ThrowawayRedis;
  let thresholds: Thresholds;
  const probe = async (route: 'ready' | 'deep') => {
    const answer = await app.get(`/health/${route}`);
    return { status: answer.status, text: answer.text, body: answer.json<Body>() };
  };

  beforeAll(async () => {
    await requireServices();
    [postgres, redis] = await Promise.all([startThrowawayPostgres(), startThrowawayRedis()]);
    thresholds = new Thresholds(redis.port);
    app = await startApp('fastify', {
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: POSTGRES_URL, retryAttempts: 0 }),
        TypeOrmModule.forRoot({ name: THROWAWAY, type: 'postgres', url: postgres.url, retryAttempts: 0 }),
        TerminusModule.forRoot({ logger: false }),
        HealthModule.forRoot({ deep: { public: true }, logger: false }),
      ],
      providers: [{ provide: Thresholds, useValue: thresholds }, TerminusIndicators],
    });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all([postgres?.destroy(), redis?.destroy()]);
  });

  it('reports every indicator up as healthy, ready 200', async () => {
    const { status, body } = await probe('ready');
    expect(body.checks).toEqual({
      database: { healthy: true, latency_ms: expect.any(Number), responseTime: expect.any(Number) },
      throwaway_db: { healthy: true, latency_ms: expect.any(Number), responseTime: expect.any(Number) },
      redis_transport: { healthy: true, latency_ms: expect.any(Number), responseTime: expect.any(Number) },
      throwaway_redis: { healthy: true, latency_ms: expect.any(Number), responseTime: expect.any(Number) },
      memory_heap: { healthy: true, latency_ms: expect.any(Number) },
      disk: { healthy: true, latency_ms: expect.any(Number) },
    });
    expect(status).toBe(200);
    for (const [name, entry] of Object.entries(body.checks)) console.log(`${name}: ${String(entry.latency_ms)} ms`);
  });

  it('fails memory and disk once the real heap and disk usage exceed their thresholds', async () => {
    const { bsize, blocks, bavail } = await statfs('/');
    const usedRatio = (blocks - bavail) / blocks;
    thresholds.heapBytes = 1024 * 1024;
    thresholds.diskPercent = usedRatio / 2;
    try {
      const ready = await probe('ready');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.memory_heap).toEqual({ healthy: false, error: 'reason withheld', latency_ms: expect.any(Number) });
      expect(ready.body.checks.disk).toEqual({ healthy: false, error: 'reason withheld', latency_ms: expect.any(Number) });
      const deep = await probe('deep');
      expect(deep.body.checks.memory_heap).toMatchObject({ healthy: false, error: 'Used heap exceeded the set threshold' });
      expect(deep.body.checks.disk).toMatchObject({ healthy: false, error: 'Used disk storage exceeded the set threshold' });
      console.log(`disk / is ${(usedRatio * 100).toFixed(1)}% used (${((blocks * bsize) / 1024 ** 3).toFixed(0)} GB)`);
    } finally {
      thresholds.heapBytes = HEAP_ROOMY;
      thresholds.diskPercent = 1;
    }
    expect((await probe('ready')).status).toBe(200);
  });

  /** Kills the server behind `check`: ready turns 503 with the reason withheld, deep names it; back up, ready recovers. */
  async function expectFailureWhileKilled(server: ThrowawayServer & { port: number }, check: string, healthyTwin: string) {
    await server.kill();
    try {
      const ready = await probe('ready');
      expect(ready.status).toBe(503);
      expect(ready.body.checks[check]).toEqual({ healthy: false, error: 'reason withheld', latency_ms: expect.any(Number) });
      expect(ready.body.checks[healthyTwin]).toMatchObject({ healthy: true });
      expect(ready.text).not.toContain(String(server.port));
      const reason = String((await probe('deep')).body.checks[check].error);
      console.log(`deep reason of ${check} with its server killed: ${reason}`);
      return reason;
    } finally {
      await server.start();
      await expect(eventually(async () => (await probe('ready')).status)).resolves.toBe(200);
    }
  }

  it('fails TypeOrmHealthIndicator when its PostgreSQL is killed, and recovers when it is back', async () => {
    const reason = await expectFailureWhileKilled(postgres, 'throwaway_db', 'database');
    expect(reason).toMatch(/ECONNREFUSED|terminat|closed|timeout of 1000ms exceeded/i);
  });

  it('fails MicroserviceHealthIndicator (Redis transport) when its Redis is killed, and recovers when it is back', async () => {
    const reason = await expectFailureWhileKilled(redis, 'throwaway_redis', 'redis_transport');
    expect(reason).toMatch(/ECONNREFUSED|timeout of 1000ms exceeded|closed/i);
  });
});

/** Polls until the value is 200 or 5 s have passed: a pool reconnects on its own schedule. */
async function eventually(read: () => Promise<number>): Promise<number> {
  const deadline = performance.now() + 5000;
  let value = await read();
  while (value !== 200 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

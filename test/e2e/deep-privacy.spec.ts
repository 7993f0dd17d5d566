import { describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { type HealthCheckContext, HealthCheck, HealthModule } from '../../src/index.js';
import { PLATFORMS } from '../support/http-app.js';
import { withApp } from './core-boot.js';

/** A database check that adds its DSN only for operators (deep), and can be made to fail. */
@Injectable()
class Database {
  failing = false;

  @HealthCheck({ name: 'database', failAfter: 3 })
  ping(ctx: HealthCheckContext) {
    if (this.failing) throw new Error('connect ECONNREFUSED 10.0.0.7:5432');
    return ctx.probe === 'deep' ? { pool_size: 10, dsn: 'postgres://app:hunter2@10.0.0.7/app' } : { pool_size: 10 };
  }
}

/** A check that hands back an Error instead of throwing it. */
@Injectable()
class ReturnsError {
  @HealthCheck({ name: 'queue' })
  ping() {
    return Promise.resolve(new Error('AMQP auth failed for user admin:s3cret'));
  }
}

describe.each(PLATFORMS)('what only deep may see, on %s', (platform) => {
  it('never shows a deep run\'s details on a public route, also while failAfter tolerates a failure', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot({ deep: { public: true } })], providers: [Database] }, async (app) => {
      // the reproduction: one guarded deep call, then the first tolerated failure
      expect((await app.get('/health/deep')).json().checks.database.dsn).toContain('hunter2');
      app.app.get(Database).failing = true;
      const tolerated = await app.get('/health/ready');
      expect(tolerated.status).toBe(200);
      expect(tolerated.json().checks.database).toEqual({ healthy: true, failing: '1/3', latency_ms: expect.any(Number) });
      // with a public run to fall back on, the tolerated state is that run's, never the deep one's
      app.app.get(Database).failing = false;
      await app.get('/health/ready');
      await app.get('/health/deep');
      app.app.get(Database).failing = true;
      const again = await app.get('/health/ready');
      expect(again.json().checks.database).toEqual({ healthy: true, failing: '1/3', latency_ms: expect.any(Number), pool_size: 10 });
      for (const answer of [tolerated, again]) expect(answer.text).not.toContain('hunter2');
    });
  });

  it('reports a check that resolves to an Error as failed, its reason withheld publicly and shown on deep', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot({ deep: { public: true } })], providers: [ReturnsError] }, async (app) => {
      const ready = await app.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.json().checks.queue).toEqual({ healthy: false, error: 'reason withheld', latency_ms: expect.any(Number) });
      expect(ready.text).not.toContain('s3cret');
      expect((await app.get('/health/deep')).json().checks.queue.error).toBe('AMQP auth failed for user admin:s3cret');
    });
  });

  it('answers a disabled deep route exactly as an unknown path: same status, body and headers', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot()], providers: [Database] }, async (app) => {
      const deep = await app.get('/health/deep');
      const unknown = await app.get('/health/nothing-here');
      expect(deep.status).toBe(404);
      expect(deep.text).toBe(unknown.text.replace('/health/nothing-here', '/health/deep'));
      const headerNames = (headers: Headers) => [...headers.keys()].filter((name) => name !== 'date' && name !== 'content-length').sort();
      expect(headerNames(deep.headers)).toEqual(headerNames(unknown.headers));
    });
  });
});

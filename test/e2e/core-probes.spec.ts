import { describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthCheck, type HealthCheckContext, HealthModule, HealthRegistry } from '../../src/index.js';
import { PLATFORMS } from '../support/http-app.js';
import { STACK_FRAME, withApp } from './core-boot.js';

@Injectable()
class Database {
  @HealthCheck({ name: 'database' })
  ping() {
    return { pool_size: 10, pool_available: 8 };
  }
}

@Injectable()
class FailingDatabase {
  @HealthCheck({ name: 'database' })
  async ping() {
    throw new Error('connect ECONNREFUSED 10.0.0.7:5432');
  }
}

@Injectable()
class FailingCache {
  @HealthCheck({ name: 'cache', critical: false })
  async ping() {
    throw new Error('redis timeout at 10.0.0.9');
  }
}

@Injectable()
class LaggingReplica {
  @HealthCheck({ name: 'replica', critical: false })
  lag() {
    return { healthy: false, message: 'replication lag above 30 s', lag_seconds: 42 };
  }
}

@Injectable()
class Heartbeat {
  @HealthCheck({ name: 'event_loop', probes: ['live'] })
  beat() {
    return { healthy: false, message: 'event loop blocked' };
  }
}

@Injectable()
class DeepOnly {
  @HealthCheck({ name: 'archive', probes: [] })
  reachable() {
    return { buckets: 3 };
  }
}

@Injectable()
class Hung {
  readonly signals: AbortSignal[] = [];

  @HealthCheck({ name: 'upstream', timeout: 300 })
  call({ signal }: HealthCheckContext) {
    this.signals.push(signal);
    return new Promise<void>(() => {});
  }
}

@Injectable()
class SlowCached {
  calls = 0;

  @HealthCheck({ name: 'database', ttl: 10_000 })
  async ping() {
    this.calls += 1;
    await sleep(50);
    return { pool_size: 10 };
  }
}

@Injectable()
class Misbehaving {
  @HealthCheck({ name: 'throws_undefined' })
  async throwsUndefined() {
    throw undefined;
  }

  @HealthCheck({ name: 'throws_string' })
  throwsString() {
    throw 'ECONNRESET';
  }

  @HealthCheck({ name: 'throws_cycle' })
  async throwsCycle() {
    const reason: Record<string, unknown> = { code: 'LOOP' };
    reason.self = reason;
    throw reason;
  }

  @HealthCheck({ name: 'bigint_detail', critical: false })
  bigintDetail() {
    return { rows: 2n ** 64n, parse: JSON.parse, when: new Date(0) };
  }
}

@Injectable()
class ErrorDetail {
  @HealthCheck({ name: 'error_detail', critical: false })
  detail() {
    return { degraded: true, last_error: new Error('flaky upstream') };
  }
}

const ALL_PROBES = ['live', 'ready', 'startup', 'deep'] as const;

describe.each(PLATFORMS)('core probes on %s', (platform) => {
  it('answers every route with the seed\'s body: status, version, uptime_seconds, and checks only where checks ran', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot({ version: '1.2.3', deep: { public: true } })], providers: [Database] }, async (app) => {
      const live = await app.get('/health/live');
      expect(live.status).toBe(200);
      expect(live.headers.get('content-type')).toMatch(/^application\/json/);
      expect(live.json()).toEqual({ status: 'alive', version: '1.2.3', uptime_seconds: expect.any(Number) });
      expect(Number.isInteger(live.json().uptime_seconds)).toBe(true);

      const startup = await app.get('/health/startup');
      expect(startup.status).toBe(200);
      expect(startup.json()).toEqual({ status: 'started', version: '1.2.3', uptime_seconds: expect.any(Number) });

      const ready = await app.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.json()).toEqual({
        status: 'ready',
        version: '1.2.3',
        uptime_seconds: expect.any(Number),
        checks: { database: { healthy: true, latency_ms: expect.any(Number), pool_size: 10, pool_available: 8 } },
      });

      const deep = await app.get('/health/deep');
      expect(deep.status).toBe(200);
      const body = deep.json();
      expect(body.status).toBe('ready');
      expect(body.checks.database).toEqual({
        healthy: true,
        latency_ms: expect.any(Number),
        checked_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        cached: false,
        pool_size: 10,
        pool_available: 8,
      });
      expect(body.system).toMatchObject({ pid: process.pid, node: process.version, heap_used_mb: expect.any(Number) });
    });
  });

  it('omits version when neither the option nor APP_VERSION nor npm_package_version gives one', async () => {
    const saved = { APP_VERSION: process.env.APP_VERSION, npm_package_version: process.env.npm_package_version };
    delete process.env.APP_VERSION;
    delete process.env.npm_package_version;
    try {
      await withApp(platform, { imports: [HealthModule.forRoot()] }, async (app) => {
        expect(Object.keys((await app.get('/health/live')).json())).toEqual(['status', 'uptime_seconds']);
      });
    } finally {
      for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
    }
  });

  it('answers 503 not_ready naming the failing critical check, its thrown reason withheld', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot()], providers: [FailingDatabase, FailingCache] }, async (app) => {
      const ready = await app.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.json()).toMatchObject({
        status: 'not_ready',
        checks: {
          database: { healthy: false, error: 'reason withheld', latency_ms: expect.any(Number) },
          cache: { healthy: true, degraded: true, message: 'reason withheld' },
        },
      });
      expect(ready.text).not.toContain('ECONNREFUSED');
      expect(ready.text).not.toContain('10.0.0.9');
    });
  });

  it('stays 200 when only a non-critical check fails, marking it degraded', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot()], providers: [Database, FailingCache] }, async (app) => {
      const ready = await app.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.json()).toMatchObject({
        status: 'ready',
        checks: {
          database: { healthy: true },
          cache: { healthy: true, degraded: true, message: 'reason withheld', latency_ms: expect.any(Number) },
        },
      });
    });
  });

  it('keeps the messages and details a check returned public: they are the author\'s words', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot()], providers: [LaggingReplica] }, async (app) => {
      const ready = await app.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.json().checks.replica).toEqual({
        healthy: true,
        degraded: true,
        message: 'replication lag above 30 s',
        latency_ms: expect.any(Number),
        lag_seconds: 42,
      });
    });
  });

  it('shows thrown reasons on public routes with exposeErrors: true, and always on deep', async () => {
    await withApp(
      platform,
      { imports: [HealthModule.forRoot({ exposeErrors: true, deep: { public: true } })], providers: [FailingDatabase, FailingCache] },
      async (app) => {
        const ready = (await app.get('/health/ready')).json();
        expect(ready.checks.database.error).toBe('connect ECONNREFUSED 10.0.0.7:5432');
        expect(ready.checks.cache.message).toBe('redis timeout at 10.0.0.9');
      },
    );
    await withApp(platform, { imports: [HealthModule.forRoot({ deep: { public: true } })], providers: [FailingDatabase, FailingCache] }, async (app) => {
      const deep = await app.get('/health/deep');
      expect(deep.status).toBe(503);
      expect(deep.json().checks.database.error).toBe('connect ECONNREFUSED 10.0.0.7:5432');
      expect(deep.json().checks.cache.message).toBe('redis timeout at 10.0.0.9');
    });
  });

  it('never puts a stack trace in any body, format or route', async () => {
    await withApp(
      platform,
      { imports: [HealthModule.forRoot({ exposeErrors: true, deep: { public: true } })], providers: [FailingDatabase, FailingCache, Misbehaving, ErrorDetail] },
      async (app) => {
        for (const probe of ALL_PROBES) {
          for (const init of [{}, { headers: { accept: 'application/health+json' } }]) {
            const answer = await app.get(`/health/${probe}`, init);
            expect(answer.text).not.toMatch(STACK_FRAME);
            expect(answer.text).not.toContain('stack');
          }
          if (probe === 'ready') {
            expect((await app.get('/health/ready')).json().checks.error_detail.last_error).toEqual({ name: 'Error', message: 'flaky upstream' });
          }
          expect((await app.get(`/health/${probe}?verbose`)).text).not.toMatch(STACK_FRAME);
        }
      },
    );
  });

  it('runs no dependency checks on live by default, and answers 503 not_alive when a live check fails', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot()], providers: [FailingDatabase] }, async (app) => {
      const live = await app.get('/health/live');
      expect(live.status).toBe(200);
      expect(live.json()).not.toHaveProperty('checks');
    });
    await withApp(platform, { imports: [HealthModule.forRoot()], providers: [Heartbeat, FailingDatabase] }, async (app) => {
      const live = await app.get('/health/live');
      expect(live.status).toBe(503);
      expect(live.json()).toMatchObject({ status: 'not_alive', checks: { event_loop: { healthy: false, error: 'event loop blocked' } } });
      expect(live.json().checks).not.toHaveProperty('database');
    });
  });

  it('serves a probes: [] check on deep only', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot({ deep: { public: true } })], providers: [DeepOnly, Database] }, async (app) => {
      expect((await app.get('/health/ready')).json().checks).not.toHaveProperty('archive');
      expect((await app.get('/health/deep')).json().checks.archive).toMatchObject({ healthy: true, buckets: 3 });
    });
  });

  it('answers a hung check within its timeout + 100 ms, aborts its signal, and does not run it again while it hangs', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot({ exposeErrors: true })], providers: [Hung] }, async (app) => {
      const hung = app.app.get(Hung);
      await app.get('/health/live'); // a warm connection, so the timing below is the probe's
      const startedAt = performance.now();
      const ready = await app.get('/health/ready');
      const elapsed = performance.now() - startedAt;
      expect(ready.status).toBe(503);
      expect(ready.json().checks.upstream).toMatchObject({ healthy: false, error: 'timed out after 300 ms' });
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(400);
      expect(hung.signals).toHaveLength(1);
      expect(hung.signals[0].aborted).toBe(true);
      expect((hung.signals[0].reason as Error).message).toBe('timed out after 300 ms');

      const againAt = performance.now();
      const again = await app.get('/health/ready');
      expect(performance.now() - againAt).toBeLessThan(300);
      expect(again.json().checks.upstream.error).toBe('timed out after 300 ms');
      expect(hung.signals).toHaveLength(1);
    });
  });

  it('executes a ttl\'d check once for 200 concurrent ready requests', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot()], providers: [SlowCached] }, async (app) => {
      const answers = await Promise.all(Array.from({ length: 200 }, () => app.get('/health/ready')));
      expect(answers.map((answer) => answer.status)).toEqual(Array(200).fill(200));
      for (const answer of answers) expect(answer.json().checks.database).toMatchObject({ healthy: true, pool_size: 10 });
      expect(app.app.get(SlowCached).calls).toBe(1);
    });
  });

  it('gives well-formed JSON for a check throwing undefined, a string or a cycle-bearing object, and for a BigInt detail', async () => {
    const metadata = (exposeErrors: boolean) => ({
      imports: [HealthModule.forRoot({ exposeErrors, deep: { public: true } })],
      providers: [Misbehaving],
    });
    await withApp(platform, metadata(false), async (app) => {
      const ready = await app.get('/health/ready');
      expect(ready.status).toBe(503);
      const { checks } = ready.json();
      for (const name of ['throws_undefined', 'throws_string', 'throws_cycle']) {
        expect(checks[name]).toEqual({ healthy: false, error: 'reason withheld', latency_ms: expect.any(Number) });
      }
      expect(checks.bigint_detail).toEqual({
        healthy: true,
        latency_ms: expect.any(Number),
        rows: '18446744073709551616',
        parse: '[Function parse]',
        when: '1970-01-01T00:00:00.000Z',
      });
      const draft = await app.get('/health/ready', { headers: { accept: 'application/health+json' } });
      expect(draft.json().status).toBe('fail');
    });
    await withApp(platform, metadata(true), async (app) => {
      for (const path of ['/health/ready', '/health/deep']) {
        const { checks } = (await app.get(path)).json();
        expect(checks.throws_undefined.error).toBe('threw undefined');
        expect(checks.throws_string.error).toBe('ECONNRESET');
        expect(checks.throws_cycle.error).toBe('threw {"code":"LOOP","self":"[Circular]"}');
        expect(checks.bigint_detail.rows).toBe('18446744073709551616');
      }
    });
  });

  it('adds a check with HealthRegistry.register() and removes it with the function it returns', async () => {
    await withApp(platform, { imports: [HealthModule.forRoot({ exposeErrors: true })], providers: [Database] }, async (app) => {
      const registry = app.app.get(HealthRegistry);
      let calls = 0;
      const unregister = registry.register(
        'queue',
        async () => {
          calls += 1;
          return { healthy: false, message: 'consumer lag', depth: 12 };
        },
        { critical: true },
      );
      const with_ = await app.get('/health/ready');
      expect(with_.status).toBe(503);
      expect(with_.json().checks.queue).toMatchObject({ healthy: false, error: 'consumer lag', depth: 12 });
      expect(() => registry.register('database', () => undefined)).toThrow(
        'HealthCheck "database" is declared twice, on Database.ping and on HealthRegistry.register("database")',
      );

      unregister();
      const without = await app.get('/health/ready');
      expect(without.status).toBe(200);
      expect(Object.keys(without.json().checks)).toEqual(['database']);
      expect(calls).toBe(1);
      expect(registry.has('queue')).toBe(false);
    });
  });
});

import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { HealthCheck, HealthModule, HealthTokenGuard } from 'nestjs-health';
import { PLATFORMS, type RunningApp, startApp } from '../support/nest11-app';

const TOKEN = 'nest11-deep-token';
const CACHE_REASON = 'connect ECONNREFUSED 10.0.0.7:6379';

@Injectable()
class Database {
  up = true;

  @HealthCheck({ name: 'database' })
  ping() {
    if (!this.up) throw new Error('password authentication failed for user "app"');
    return { pool_size: 10, pool_available: 8 };
  }
}

@Injectable()
class Cache {
  @HealthCheck({ name: 'cache', critical: false })
  ping(): never {
    throw new Error(CACHE_REASON);
  }
}

@Module({ providers: [Cache] })
class CacheModule {}

@Controller('orders')
class OrdersController {
  @Get()
  list() {
    return [];
  }

  @HealthCheck({ name: 'orders_queue', probes: ['ready', 'live'] })
  queue() {
    return { depth: 3 };
  }
}

interface CheckBody {
  healthy: boolean;
  latency_ms: number;
  error?: string;
  message?: string;
  checked_at?: string;
  [detail: string]: unknown;
}

interface ProbeBody {
  status: string;
  version?: string;
  uptime_seconds: number;
  checks: Record<string, CheckBody>;
  system?: Record<string, unknown>;
}

describe.each(PLATFORMS)('Nest 11 on %s, CommonJS', (platform) => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp(platform, {
      imports: [
        HealthModule.forRoot({ version: '1.2.3', token: TOKEN, deep: { guards: [HealthTokenGuard] } }),
        CacheModule,
      ],
      providers: [Database],
      controllers: [OrdersController],
    });
  });

  afterAll(() => running?.close());
  afterEach(() => {
    running.app.get(Database).up = true;
  });

  it('answers live with 200 alive, running only live checks', async () => {
    const answer = await running.get('/health/live');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toContain('no-store');
    const body = answer.json<ProbeBody>();
    expect(body).toMatchObject({ status: 'alive', version: '1.2.3' });
    expect(typeof body.uptime_seconds).toBe('number');
    expect(Object.keys(body.checks)).toEqual(['orders_queue']);
  });

  it('answers startup with 200 started once bootstrap is done', async () => {
    const answer = await running.get('/health/startup');
    expect(answer.status).toBe(200);
    expect(answer.json<ProbeBody>()).toMatchObject({ status: 'started', version: '1.2.3' });
  });

  it('discovers @HealthCheck methods on providers, imported modules and controllers for ready', async () => {
    const answer = await running.get('/health/ready');
    expect(answer.status).toBe(200);
    const body = answer.json<ProbeBody>();
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks).sort()).toEqual(['cache', 'database', 'orders_queue']);
    expect(body.checks.database).toMatchObject({ healthy: true, pool_size: 10, pool_available: 8 });
    expect(typeof body.checks.database.latency_ms).toBe('number');
    expect(body.checks.orders_queue).toMatchObject({ healthy: true, depth: 3 });
  });

  it('withholds thrown reasons on public routes and keeps a failed non-critical check degraded', async () => {
    const answer = await running.get('/health/ready');
    expect(answer.json<ProbeBody>().checks.cache).toMatchObject({ healthy: true, degraded: true, message: 'reason withheld' });
    expect(answer.text).not.toContain('ECONNREFUSED');
  });

  it('answers ready with 503 not_ready when a critical check fails, while live stays 200', async () => {
    running.app.get(Database).up = false;
    const ready = await running.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('cache-control')).toContain('no-store');
    const body = ready.json<ProbeBody>();
    expect(body.status).toBe('not_ready');
    expect(body.checks.database).toMatchObject({ healthy: false, error: 'reason withheld' });
    expect(ready.text).not.toContain('password authentication');
    expect((await running.get('/health/live')).status).toBe(200);
  });

  it('answers HEAD on ready', async () => {
    const answer = await running.get('/health/ready', { method: 'HEAD' });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
  });

  it('refuses the deep route without the bearer token (401, WWW-Authenticate, no-store)', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token']) {
      const answer = await running.get('/health/deep', { headers: authorization ? { authorization } : {} });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(answer.headers.get('cache-control')).toContain('no-store');
      expect(answer.text).not.toContain('ECONNREFUSED');
    }
  });

  it('serves the deep route to the token with full reasons, fresh runs and the system block', async () => {
    running.app.get(Database).up = false;
    const answer = await running.get('/health/deep', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(answer.status).toBe(503);
    const body = answer.json<ProbeBody>();
    expect(body.status).toBe('not_ready');
    expect(body.checks.cache).toMatchObject({ healthy: true, degraded: true, message: CACHE_REASON, cached: false });
    expect(body.checks.database).toMatchObject({ healthy: false, cached: false });
    expect(body.checks.database.error).toContain('password authentication failed');
    expect(Date.parse(String(body.checks.database.checked_at))).not.toBeNaN();
    expect(body.system).toMatchObject({ pid: expect.any(Number), node: process.version });
    expect(typeof body.system?.heap_used_mb).toBe('number');
  });
});

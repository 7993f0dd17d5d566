import { Controller, Get, Header, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { register as defaultRegistry, Registry } from 'prom-client';
import { HealthCheck, HealthModule, type HealthModuleOptions, HealthRegistry } from '../../src/index.js';
import { metricsMessages as messages } from '../../src/metrics/metrics.messages.js';
import { DURATION_METRIC, loadPromClient, PROM_CLIENT_LOADER, STATUS_METRIC } from '../../src/metrics/prometheus-metrics.js';
import { PLATFORMS, startApp, type RunningApp } from '../support/http-app.js';

@Injectable()
class Dependencies {
  @HealthCheck({ name: 'database' })
  async database() {
    await new Promise((resolve) => setTimeout(resolve, 30));
    return { pool_size: 10 };
  }

  @HealthCheck({ name: 'cache', critical: false })
  cache() {
    return { degraded: true, message: 'serving from the fallback' };
  }

  @HealthCheck({ name: 'search', critical: false })
  search() {
    throw new Error('search cluster unreachable');
  }
}

/** Prometheus text exposition parsed into `name{labels}` -> value. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\S+?(?:\{[^}]*\})?)\s+(\S+)$/.exec(line);
    if (match) samples.set(match[1], Number(match[2]));
  }
  return samples;
}

function metricsApp(platform: (typeof PLATFORMS)[number], registry: Registry, options: HealthModuleOptions): Promise<RunningApp> {
  @Controller('metrics')
  class MetricsController {
    @Get()
    @Header('Content-Type', registry.contentType)
    scrape() {
      return registry.metrics();
    }
  }
  return startApp(platform, {
    imports: [HealthModule.forRoot({ logger: false, ...options })],
    controllers: [MetricsController],
    providers: [Dependencies],
  });
}

describe.each(PLATFORMS)('Prometheus metrics on %s', (platform) => {
  it('removes an unregistered check\'s series, so its alert stops and its cardinality goes', async () => {
    const registry = new Registry();
    const app = await metricsApp(platform, registry, { metrics: { registry } });
    try {
      const unregister = app.app.get(HealthRegistry).register('tenant_42', () => false, { critical: false });
      await app.get('/health/ready');
      const before = parseExposition((await app.get('/metrics')).text);
      expect(before.get('health_check_status{check="tenant_42"}')).toBe(0);
      expect([...before.keys()].filter((key) => key.includes('tenant_42')).length).toBeGreaterThan(3);
      unregister();
      const after = parseExposition((await app.get('/metrics')).text);
      expect([...after.keys()].filter((key) => key.includes('tenant_42'))).toEqual([]);
      expect(after.get('health_check_status{check="database"}')).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('exports the state and duration of every check run, scraped over HTTP', async () => {
    const registry = new Registry();
    const app = await metricsApp(platform, registry, { metrics: { registry } });
    try {
      expect((await app.get('/health/ready')).status).toBe(200);
      expect((await app.get('/health/ready')).status).toBe(200);
      const scrape = await app.get('/metrics');
      expect(scrape.status).toBe(200);
      const samples = parseExposition(scrape.text);
      expect(samples.get(`${STATUS_METRIC}{check="database"}`)).toBe(1);
      expect(samples.get(`${STATUS_METRIC}{check="cache"}`)).toBe(0.5);
      // the check's own state: a failed non-critical check is 0, although readiness stays 200
      expect(samples.get(`${STATUS_METRIC}{check="search"}`)).toBe(0);
      expect(samples.get(`${DURATION_METRIC}_count{check="database"}`)).toBe(2);
      expect(samples.get(`${DURATION_METRIC}_sum{check="database"}`)).toBeGreaterThanOrEqual(0.05);
      expect(samples.get(`${DURATION_METRIC}_bucket{le="0.01",check="database"}`)).toBe(0);
      expect(samples.get(`${DURATION_METRIC}_bucket{le="+Inf",check="database"}`)).toBe(2);
      expect(samples.get(`${DURATION_METRIC}_count{check="cache"}`)).toBe(2);
    } finally {
      await app.close();
    }
  });
});

describe('metrics options', () => {
  afterEach(() => {
    defaultRegistry.removeSingleMetric(STATUS_METRIC);
    defaultRegistry.removeSingleMetric(DURATION_METRIC);
  });

  it('stays off by default and uses the default registry with metrics: true, also for a second app', async () => {
    const plain = await metricsApp('fastify', defaultRegistry, {});
    await plain.get('/health/ready');
    expect(defaultRegistry.getSingleMetric(STATUS_METRIC)).toBeUndefined();
    await plain.close();

    const first = await metricsApp('fastify', defaultRegistry, { metrics: true });
    const second = await metricsApp('express', defaultRegistry, { metrics: true });
    try {
      await second.get('/health/ready');
      const samples = parseExposition((await first.get('/metrics')).text);
      expect(samples.get(`${STATUS_METRIC}{check="database"}`)).toBe(1);
      expect(samples.get(`${DURATION_METRIC}_count{check="database"}`)).toBe(1);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('fails the boot with a clear message when prom-client is not installed', async () => {
    const missing = () => import('prom-client-is-not-installed' as string);
    await expect(loadPromClient(missing)).rejects.toThrow(messages.promClientMissing());

    const moduleRef = await Test.createTestingModule({ imports: [HealthModule.forRoot({ metrics: true, logger: false })] })
      .overrideProvider(PROM_CLIENT_LOADER)
      .useValue(missing)
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow(
      'HealthModule: metrics is on but prom-client cannot be loaded; install it (npm install prom-client) or set metrics: false',
    );
    await app.close().catch(() => undefined);
  });

  it('refuses a registry that is not a prom-client Registry, and a metrics value of the wrong type', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [HealthModule.forRoot({ metrics: { registry: { metrics: 'nope' } }, logger: false })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow('HealthModule: metrics.registry must be a prom-client Registry');
    await app.close().catch(() => undefined);

    const wrongType = Test.createTestingModule({
      imports: [HealthModule.forRoot({ metrics: 'yes' as unknown as boolean, logger: false })],
    }).compile();
    await expect(wrongType).rejects.toThrow('HealthModule: metrics must be true, false or { registry, otel, prometheus }, got "yes"');
  });
});

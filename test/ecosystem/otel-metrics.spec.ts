import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { HealthCheck, HealthModule, type HealthModuleOptions, HealthRegistry, HealthService } from '../../src/index.js';
import { DURATION_BUCKETS } from '../../src/metrics/metric-descriptions.js';
import { OTEL_API_LOADER, OTEL_METER_VERSION } from '../../src/metrics/otel-metrics.js';
import { PROM_CLIENT_LOADER, STATUS_METRIC } from '../../src/metrics/prometheus-metrics.js';
import { startApp, type RunningApp } from '../support/http-app.js';
import { AggregationTemporality, registerOtelSdk, type OtelPipeline } from './support/otel-pipeline.js';

const STATUS = 'health.check.status';
const DURATION = 'health.check.duration';
const TRANSITIONS = 'health.check.transitions';
const READY = 'health.ready';
const check = (name: string) => ({ 'health.check.name': name });
const to = (name: string, state: string) => ({ 'health.check.name': name, 'health.check.to': state });

/** Dependencies the test breaks and repairs. */
@Injectable()
class Dependencies {
  databaseUp = true;

  @HealthCheck({ name: 'database' })
  async database() {
    await new Promise((resolve) => setTimeout(resolve, 30));
    if (!this.databaseUp) throw new Error('connection refused');
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

async function otelApp(options: HealthModuleOptions['metrics'] = { otel: true, prometheus: false }): Promise<RunningApp & { deps: Dependencies }> {
  const app = await startApp('fastify', { imports: [HealthModule.forRoot({ logger: false, metrics: options })], providers: [Dependencies] });
  return Object.assign(app, { deps: app.app.get(Dependencies) });
}

describe('OpenTelemetry metrics', () => {
  let sdk: OtelPipeline | undefined;
  afterEach(async () => {
    await sdk?.stop();
    sdk = undefined;
  });

  it('records the four instruments with their names, types, units, values and health.check.name', async () => {
    // registered after nestjs-health was imported (at the top of this file): the meter is fetched at init, not import
    sdk = registerOtelSdk(AggregationTemporality.CUMULATIVE);
    const app = await otelApp();
    try {
      expect((await app.get('/health/ready')).status).toBe(200);
      expect((await app.get('/health/ready')).status).toBe(200);
      const exported = await sdk.exportNow();

      expect(exported.scope).toEqual(expect.objectContaining({ name: 'nestjs-health', version: OTEL_METER_VERSION }));
      expect(exported.names()).toEqual([DURATION, STATUS, TRANSITIONS, READY].sort());
      expect(exported.metric(STATUS)?.descriptor).toEqual(expect.objectContaining({ type: 'OBSERVABLE_GAUGE', unit: '' }));
      expect(exported.metric(DURATION)?.descriptor).toEqual(expect.objectContaining({ type: 'HISTOGRAM', unit: 's' }));
      expect(exported.metric(TRANSITIONS)?.descriptor).toEqual(expect.objectContaining({ type: 'COUNTER', unit: '{transition}' }));
      expect(exported.metric(READY)?.descriptor).toEqual(expect.objectContaining({ type: 'OBSERVABLE_GAUGE', unit: '' }));

      expect(exported.value(STATUS, check('database'))).toBe(1);
      expect(exported.value(STATUS, check('cache'))).toBe(0.5);
      // the check's own state: a failed non-critical check is 0, although readiness stays ready
      expect(exported.value(STATUS, check('search'))).toBe(0);
      expect(exported.value(READY)).toBe(1);

      const database = exported.histogram(DURATION, check('database'));
      expect(database?.count).toBe(2);
      expect(database?.sum).toBeGreaterThanOrEqual(0.05);
      expect(database?.sum).toBeLessThan(5);
      expect(database?.buckets.boundaries).toEqual(DURATION_BUCKETS);
      expect(exported.histogram(DURATION, check('cache'))?.count).toBe(2);

      // a first result is news only when it is not healthy; every series starts at 0
      expect(exported.value(TRANSITIONS, to('database', 'failed'))).toBe(0);
      expect(exported.value(TRANSITIONS, to('cache', 'degraded'))).toBe(1);
      expect(exported.value(TRANSITIONS, to('search', 'failed'))).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('counts each check transition changes$ emits, by check and target state, and none for readiness levels', async () => {
    sdk = registerOtelSdk(AggregationTemporality.CUMULATIVE);
    const app = await otelApp();
    try {
      for (const up of [true, false, false, true, false, true, true]) {
        app.deps.databaseUp = up;
        await app.get('/health/ready');
      }
      app.app.get(HealthService).markNotReady('maintenance');
      app.app.get(HealthService).markReady();
      const exported = await sdk.exportNow();
      expect(exported.value(TRANSITIONS, to('database', 'failed'))).toBe(2);
      expect(exported.value(TRANSITIONS, to('database', 'healthy'))).toBe(2);
      expect(exported.value(TRANSITIONS, to('database', 'degraded'))).toBe(0);
      expect(exported.checks(TRANSITIONS)).not.toContain('*');
    } finally {
      await app.close();
    }
  });

  it('has health.ready follow what the ready probe answers: critical failures and readiness levels', async () => {
    sdk = registerOtelSdk(AggregationTemporality.CUMULATIVE);
    const app = await otelApp();
    const health = app.app.get(HealthService);
    const ready = async () => (await sdk!.exportNow()).value(READY);
    try {
      expect((await app.get('/health/ready')).status).toBe(200);
      expect(await ready()).toBe(1);
      app.deps.databaseUp = false;
      expect((await app.get('/health/ready')).status).toBe(503);
      expect(await ready()).toBe(0);
      app.deps.databaseUp = true;
      expect((await app.get('/health/ready')).status).toBe(200);
      expect(await ready()).toBe(1);
      health.markNotReady('maintenance');
      expect(await ready()).toBe(0);
      health.markReady();
      expect(await ready()).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('under delta temporality: a check serving cached results keeps its status, and an unregistered check leaves the export', async () => {
    sdk = registerOtelSdk(AggregationTemporality.DELTA);
    const app = await otelApp();
    const remove = app.app.get(HealthRegistry).register('payments', () => ({ degraded: true }), { critical: false, ttl: 60_000 });
    try {
      await app.get('/health/ready');
      let exported = await sdk.exportNow();
      expect(exported.value(STATUS, check('payments'))).toBe(0.5);
      expect(exported.histogram(DURATION, check('payments'))?.count).toBe(1);
      expect(exported.value(TRANSITIONS, to('payments', 'degraded'))).toBe(1);

      // no run since: the gauge is observed at every export, the run-by-run instruments have nothing new
      exported = await sdk.exportNow();
      expect(exported.value(STATUS, check('payments'))).toBe(0.5);
      expect(exported.checks(DURATION)).toEqual([]);

      remove();
      await app.get('/health/ready');
      exported = await sdk.exportNow();
      expect(exported.checks(STATUS)).toEqual(['cache', 'database', 'search']);
      expect(exported.checks(DURATION)).toEqual(['cache', 'database', 'search']);
      expect(exported.checks(TRANSITIONS)).not.toContain('payments');
    } finally {
      await app.close();
    }
    // a closed app is no longer observed
    expect((await sdk.exportNow()).names()).toEqual([]);
  });

  it('under cumulative temporality: the SDK keeps exporting an unregistered check with its last values (measured)', async () => {
    sdk = registerOtelSdk(AggregationTemporality.CUMULATIVE);
    const app = await otelApp();
    const remove = app.app.get(HealthRegistry).register('payments', () => ({ degraded: true }), { critical: false, ttl: 60_000 });
    try {
      await app.get('/health/ready');
      expect((await sdk.exportNow()).value(STATUS, check('payments'))).toBe(0.5);
      remove();
      for (let i = 0; i < 3; i++) await app.get('/health/ready');
      await sdk.exportNow();
      const exported = await sdk.exportNow();
      // the module no longer observes or records it; @opentelemetry/sdk-metrics 2.x still exports the values of the
      // last collection that saw it
      expect(exported.value(STATUS, check('payments'))).toBe(0.5);
      expect(exported.histogram(DURATION, check('payments'))?.count).toBe(1);
      expect(exported.value(TRANSITIONS, to('payments', 'degraded'))).toBe(1);
      expect(exported.histogram(DURATION, check('database'))?.count).toBe(4);

      // registered again under the same name, it continues the same cumulative series
      app.app.get(HealthRegistry).register('payments', () => true, { critical: false });
      await app.get('/health/ready');
      const again = await sdk.exportNow();
      expect(again.value(STATUS, check('payments'))).toBe(1);
      expect(again.histogram(DURATION, check('payments'))?.count).toBe(2);
    } finally {
      await app.close();
    }
  });

  it('fetches its meter at module init: an SDK registered only after init receives nothing', async () => {
    const app = await otelApp();
    sdk = registerOtelSdk(AggregationTemporality.CUMULATIVE);
    try {
      expect((await app.get('/health/ready')).status).toBe(200);
      expect((await sdk.exportNow()).names()).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('works without any SDK registered: probes, transitions, unregister and close raise nothing', async () => {
    const app = await otelApp();
    try {
      const remove = app.app.get(HealthRegistry).register('payments', () => false, { critical: false });
      app.deps.databaseUp = false;
      expect((await app.get('/health/ready')).status).toBe(503);
      app.deps.databaseUp = true;
      remove();
      expect((await app.get('/health/ready')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('keeps answering probes when the app shuts its SDK down first', async () => {
    const early = registerOtelSdk(AggregationTemporality.DELTA);
    const app = await otelApp();
    try {
      await app.get('/health/ready');
      expect((await early.exportNow()).value(STATUS, check('database'))).toBe(1);
      await early.stop();
      app.deps.databaseUp = false;
      expect((await app.get('/health/ready')).status).toBe(503);
      app.deps.databaseUp = true;
      expect((await app.get('/health/ready')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('records through both exporters with otel: true beside prom-client', async () => {
    sdk = registerOtelSdk(AggregationTemporality.CUMULATIVE);
    const registry = new Registry();
    const app = await otelApp({ otel: true, registry });
    try {
      await app.get('/health/ready');
      expect((await sdk.exportNow()).value(STATUS, check('database'))).toBe(1);
      const { values } = await registry.getSingleMetric(STATUS_METRIC)!.get();
      expect(values.find((value) => value.labels.check === 'database')?.value).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('names the package version as the meter version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(OTEL_METER_VERSION).toBe(version);
  });
});

describe('which packages the exporters load', () => {
  const bootWith = async (metrics: HealthModuleOptions['metrics'], loaders: { prom?: () => Promise<unknown>; otel?: () => Promise<unknown> }) => {
    let builder = Test.createTestingModule({ imports: [HealthModule.forRoot({ metrics, logger: false })] });
    if (loaders.prom) builder = builder.overrideProvider(PROM_CLIENT_LOADER).useValue(loaders.prom);
    if (loaders.otel) builder = builder.overrideProvider(OTEL_API_LOADER).useValue(loaders.otel);
    const app = (await builder.compile()).createNestApplication({ logger: false });
    return { app, init: () => app.init() };
  };
  const missing = (name: string) => () => import(`${name}-is-not-installed` as string);

  it('imports no prom-client with prometheus: false (a stand-in that throws is never called)', async () => {
    let promLoads = 0;
    const throwingProm = () => {
      promLoads += 1;
      return missing('prom-client')();
    };
    const otelOnly = await bootWith({ otel: true, prometheus: false }, { prom: throwingProm });
    await otelOnly.init();
    await otelOnly.app.close();
    expect(promLoads).toBe(0);

    // the same stand-in fails the boot as soon as prom-client is wanted
    const both = await bootWith({ otel: true }, { prom: throwingProm });
    await expect(both.init()).rejects.toThrow('HealthModule: metrics is on but prom-client cannot be loaded');
    expect(promLoads).toBe(1);
    await both.app.close().catch(() => undefined);
  });

  it('fails the boot with a clear message when @opentelemetry/api is missing and otel: true', async () => {
    const booted = await bootWith({ otel: true, prometheus: false }, { otel: missing('@opentelemetry/api') });
    await expect(booted.init()).rejects.toThrow(
      'HealthModule: metrics.otel is on but @opentelemetry/api cannot be loaded; install it (npm install @opentelemetry/api) and register an OpenTelemetry SDK, or remove otel: true',
    );
    await booted.app.close().catch(() => undefined);
  });

  it('imports no @opentelemetry/api unless otel: true', async () => {
    let otelLoads = 0;
    const counting = () => {
      otelLoads += 1;
      return missing('@opentelemetry/api')();
    };
    const promOnly = await bootWith({ registry: new Registry() }, { otel: counting });
    await promOnly.init();
    await promOnly.app.close();
    expect(otelLoads).toBe(0);
  });
});

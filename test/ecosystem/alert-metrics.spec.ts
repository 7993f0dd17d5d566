import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Counter, Gauge, type Metric, Registry } from 'prom-client';
import { HealthCheck, HealthModule, HealthRegistry, HealthService, type HealthTransition } from '../../src/index.js';
import { READY_METRIC, STATUS_METRIC, TRANSITIONS_METRIC } from '../../src/metrics/prometheus-metrics.js';
import { startApp, type RunningApp } from '../support/http-app.js';

/** A dependency the test breaks and repairs; counts the check's runs so a scrape can be shown to run none. */
@Injectable()
class Switchboard {
  databaseUp = true;
  searchUp = true;
  runs = 0;

  @HealthCheck({ name: 'database' })
  database() {
    this.runs += 1;
    if (!this.databaseUp) throw new Error('connection refused');
  }

  @HealthCheck({ name: 'search', critical: false })
  search() {
    if (!this.searchUp) throw new Error('search cluster unreachable');
  }
}

/** The value of one series, read from the registry as a scrape would. */
async function valueOf(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return undefined;
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  const found = values.find((value) => {
    const own = value.labels as Record<string, unknown>;
    return Object.keys(own).length === wanted.length && wanted.every(([key, expected]) => own[key] === expected);
  });
  return found?.value;
}

async function metricsApp(registry: Registry, extra: Parameters<typeof HealthModule.forRoot>[0] = {}): Promise<RunningApp & { board: Switchboard }> {
  const app = await startApp('fastify', {
    imports: [HealthModule.forRoot({ logger: false, metrics: { registry }, ...extra })],
    providers: [Switchboard],
  });
  return Object.assign(app, { board: app.app.get(Switchboard) });
}

describe('health_check_transitions_total', () => {
  it('counts each check transition changes$ emits, by check and target state, from zero', async () => {
    const registry = new Registry();
    const app = await metricsApp(registry);
    const emitted: HealthTransition[] = [];
    const subscription = app.app.get(HealthService).changes$.subscribe((change) => emitted.push(change));
    try {
      await app.get('/health/ready');
      // a first healthy result is no transition, but the series exist at 0 so increase() sees the first one
      expect(await valueOf(registry, TRANSITIONS_METRIC, { check: 'database', to: 'failed' })).toBe(0);
      expect(await valueOf(registry, TRANSITIONS_METRIC, { check: 'database', to: 'healthy' })).toBe(0);

      for (const up of [false, false, true, false, true, true]) {
        app.board.databaseUp = up;
        await app.get('/health/ready');
      }
      app.board.searchUp = false;
      await app.get('/health/ready');

      const checkChanges = emitted.filter((change) => change.check !== '*');
      expect(checkChanges.map((change) => `${change.check}:${change.to}`)).toEqual([
        'database:failed',
        'database:healthy',
        'database:failed',
        'database:healthy',
        'search:failed',
      ]);
      expect(await valueOf(registry, TRANSITIONS_METRIC, { check: 'database', to: 'failed' })).toBe(2);
      expect(await valueOf(registry, TRANSITIONS_METRIC, { check: 'database', to: 'healthy' })).toBe(2);
      expect(await valueOf(registry, TRANSITIONS_METRIC, { check: 'database', to: 'degraded' })).toBe(0);
      expect(await valueOf(registry, TRANSITIONS_METRIC, { check: 'search', to: 'failed' })).toBe(1);
    } finally {
      subscription.unsubscribe();
      await app.close();
    }
  });

  it('leaves readiness-level changes to health_ready: no check="*" series', async () => {
    const registry = new Registry();
    const app = await metricsApp(registry);
    try {
      app.app.get(HealthService).markNotReady('maintenance');
      app.app.get(HealthService).markReady();
      const { values } = await registry.getSingleMetric(TRANSITIONS_METRIC)!.get();
      expect(values.filter((value) => value.labels.check === '*')).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('health_ready', () => {
  it('follows what the ready probe answers: critical failures and readiness levels, not non-critical ones', async () => {
    const registry = new Registry();
    const app = await metricsApp(registry);
    const health = app.app.get(HealthService);
    try {
      expect((await app.get('/health/ready')).status).toBe(200);
      expect(await valueOf(registry, READY_METRIC)).toBe(1);

      app.board.searchUp = false;
      expect((await app.get('/health/ready')).status).toBe(200);
      expect(await valueOf(registry, READY_METRIC)).toBe(1);

      app.board.databaseUp = false;
      expect((await app.get('/health/ready')).status).toBe(503);
      expect(await valueOf(registry, READY_METRIC)).toBe(0);

      app.board.databaseUp = true;
      expect((await app.get('/health/ready')).status).toBe(200);
      expect(await valueOf(registry, READY_METRIC)).toBe(1);

      // a readiness-level change moves it without any probe
      health.markNotReady('maintenance');
      expect(await valueOf(registry, READY_METRIC)).toBe(0);
      expect((await app.get('/health/ready')).status).toBe(503);
      health.markReady();
      expect(await valueOf(registry, READY_METRIC)).toBe(1);
    } finally {
      await app.close();
    }
    expect(await valueOf(registry, READY_METRIC)).toBe(0);
  });

  it('is 0 while the app is starting and never runs a check when read', async () => {
    const registry = new Registry();
    const moduleRef = await Test.createTestingModule({
      imports: [HealthModule.forRoot({ logger: false, metrics: { registry } })],
      providers: [Switchboard],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const board = app.get(Switchboard);
    try {
      expect(await valueOf(registry, READY_METRIC)).toBe(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(app.get(HealthService).readiness).toBe('ready');
      for (let i = 0; i < 5; i++) await registry.metrics();
      expect(await valueOf(registry, READY_METRIC)).toBe(1);
      expect(board.runs).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('is 0 while a critical interval check has no result yet, like the ready probe', async () => {
    const registry = new Registry();
    let release!: () => void;
    const firstRun = new Promise<void>((resolve) => (release = resolve));

    @Injectable()
    class Queue {
      @HealthCheck({ name: 'queue', interval: 60_000, timeout: 10_000 })
      queue() {
        return firstRun;
      }
    }

    const app = await startApp('fastify', { imports: [HealthModule.forRoot({ logger: false, metrics: { registry } })], providers: [Queue] });
    try {
      const answer = await app.get('/health/ready');
      expect(answer.status).toBe(503);
      expect(answer.json().checks.queue.error).toBe('no result yet');
      expect(await valueOf(registry, READY_METRIC)).toBe(0);
      release();
      await firstRun;
      await new Promise((resolve) => setImmediate(resolve));
      expect((await app.get('/health/ready')).status).toBe(200);
      expect(await valueOf(registry, READY_METRIC)).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('ignores deep runs, which the ready probe never reuses', async () => {
    const registry = new Registry();
    const app = await startApp('fastify', {
      imports: [HealthModule.forRoot({ logger: false, metrics: { registry }, deep: { public: true } })],
    });
    let up = true;
    app.app.get(HealthRegistry).register('ledger', () => up || Promise.reject(new Error('down')), { ttl: 60_000 });
    try {
      expect((await app.get('/health/ready')).status).toBe(200);
      up = false;
      expect((await app.get('/health/deep')).status).toBe(503);
      // the check's own state moved (deep ran it), the ready probe still serves its cached pass
      expect(await valueOf(registry, STATUS_METRIC, { check: 'ledger' })).toBe(0);
      expect(await valueOf(registry, TRANSITIONS_METRIC, { check: 'ledger', to: 'failed' })).toBe(1);
      expect((await app.get('/health/ready')).status).toBe(200);
      expect(await valueOf(registry, READY_METRIC)).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('forgets an unregistered check at the next run, and a re-registered one starts afresh', async () => {
    const registry = new Registry();
    const app = await metricsApp(registry);
    const checks = app.app.get(HealthRegistry);
    const removeBroken = checks.register('payments', () => false);
    try {
      expect((await app.get('/health/ready')).status).toBe(503);
      expect(await valueOf(registry, READY_METRIC)).toBe(0);
      removeBroken();
      expect((await app.get('/health/ready')).status).toBe(200);
      expect(await valueOf(registry, READY_METRIC)).toBe(1);

      checks.register('payments', () => true);
      expect((await app.get('/health/ready')).status).toBe(200);
      expect(await valueOf(registry, READY_METRIC)).toBe(1);
    } finally {
      await app.close();
    }
  });
});

describe('metrics the app already registered', () => {
  it('reuses an app-owned metric of the same type and labels', async () => {
    const registry = new Registry();
    const own = new Gauge({ name: READY_METRIC, help: 'the app’s own', registers: [registry] });
    const app = await metricsApp(registry);
    try {
      await app.get('/health/ready');
      expect(registry.getSingleMetric(READY_METRIC)).toBe(own);
      expect((await own.get()).values[0].value).toBe(1);
    } finally {
      await app.close();
    }
  });

  it.each([
    [READY_METRIC, (): Metric<string> => new Counter({ name: READY_METRIC, help: 'x', registers: [] }), 'a counter with no labels', 'a gauge with no labels'],
    [STATUS_METRIC, (): Metric<string> => new Gauge({ name: STATUS_METRIC, help: 'x', labelNames: ['name'], registers: [] }), 'a gauge with labels name', 'a gauge with labels check'],
    [TRANSITIONS_METRIC, (): Metric<string> => new Counter({ name: TRANSITIONS_METRIC, help: 'x', labelNames: ['check'], registers: [] }), 'a counter with labels check', 'a counter with labels check, to'],
  ])('fails the boot when %s is already registered with another type or labels', async (name, create, found, wanted) => {
    const registry = new Registry();
    registry.registerMetric(create());
    const moduleRef = await Test.createTestingModule({
      imports: [HealthModule.forRoot({ logger: false, metrics: { registry } })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow(
      `HealthModule: metrics: the registry already holds a metric named ${name} (${found}), but the module exports ${name} as ${wanted}; rename or remove the app's own metric, or give the module a registry of its own with metrics: { registry: new Registry() }`,
    );
    await app.close().catch(() => undefined);
  });
});

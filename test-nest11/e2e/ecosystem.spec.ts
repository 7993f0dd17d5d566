import { Injectable } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { HealthCheck, HealthModule, HealthTokenGuard } from 'nestjs-health';
import { ProbeSimulator } from 'nestjs-health/testing';
import { Registry } from 'prom-client';
import { PLATFORMS, type RunningApp, startApp } from '../support/nest11-app';

@Injectable()
class Database {
  @HealthCheck({ name: 'database' })
  ping() {
    return { pool_size: 10 };
  }

  @HealthCheck({ name: 'search', critical: false })
  search(): never {
    throw new Error('search cluster red');
  }

  @HealthCheck({ name: 'replica' })
  replica() {
    return { degraded: true, lag_seconds: 42 };
  }
}

describe.each(PLATFORMS)('optional peers and nestjs-health/testing on Nest 11 with %s, CommonJS', (platform) => {
  let running: RunningApp;
  const registry = new Registry();

  beforeAll(async () => {
    running = await startApp(platform, {
      imports: [HealthModule.forRoot({ metrics: { registry }, token: 'secret', deep: { guards: [HealthTokenGuard] } })],
      providers: [Database],
    });
  });

  afterAll(() => running?.close());

  it('loads prom-client through require: status 1 healthy, 0.5 degraded, 0 failed, and durations, in the given registry', async () => {
    expect((await running.get('/health/ready')).status).toBe(200);
    const metrics = await registry.getMetricsAsJSON();
    const status = metrics.find((metric) => metric.name === 'health_check_status');
    const values = Object.fromEntries((status?.values ?? []).map((value) => [value.labels.check, value.value]));
    expect(values).toEqual({ database: 1, replica: 0.5, search: 0 });
    const duration = metrics.find((metric) => metric.name === 'health_check_duration_seconds');
    const count = (duration?.values as { metricName?: string; labels: { check?: string }; value: number }[]).find(
      (value) => value.metricName === 'health_check_duration_seconds_count' && value.labels.check === 'database',
    );
    expect(count?.value).toBeGreaterThanOrEqual(1);
  });

  it('describes the routes in the OpenAPI document built by @nestjs/swagger 11', () => {
    const document = SwaggerModule.createDocument(running.app, new DocumentBuilder().setTitle('nest11').build());
    const responses = (path: string) => Object.keys(document.paths[path]?.get?.responses ?? {}).sort();
    expect(responses('/health/ready')).toEqual(['200', '503']);
    expect(responses('/health/live')).toEqual(['200', '503']);
    expect(responses('/health/deep')).toEqual(['200', '401', '403', '503']);
  });

  it('runs ProbeSimulator from nestjs-health/testing against the app', async () => {
    const simulator = new ProbeSimulator({
      baseUrl: running.url,
      probes: { readinessProbe: { httpGet: { path: '/health/ready', port: 8080 }, periodSeconds: 1 } },
      timeScale: 0.1,
    }).start();
    try {
      const ready = await simulator.waitFor('ready', { timeoutMs: 5000 });
      expect(ready.probe).toBe('readiness');
      expect(simulator.attempts.every((attempt) => attempt.success && attempt.status === 200)).toBe(true);
    } finally {
      await simulator.stop();
    }
  });
});

import { Injectable } from '@nestjs/common';
import { metrics } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { HealthCheck, HealthModule } from 'nestjs-health';
import { startApp } from '../support/nest11-app';

@Injectable()
class Dependencies {
  @HealthCheck({ name: 'database' })
  ping() {
    return { pool_size: 10 };
  }

  @HealthCheck({ name: 'replica' })
  replica() {
    return { degraded: true, lag_seconds: 42 };
  }
}

describe('OpenTelemetry on Nest 11, CommonJS', () => {
  it('loads @opentelemetry/api through require and records with prometheus: false (no prom-client needed)', async () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({ readers: [reader] });
    metrics.setGlobalMeterProvider(provider);
    const running = await startApp('fastify', {
      imports: [HealthModule.forRoot({ metrics: { otel: true, prometheus: false } })],
      providers: [Dependencies],
    });
    try {
      expect((await running.get('/health/ready')).status).toBe(200);
      await reader.forceFlush();
      const scope = exporter.getMetrics().flatMap((exported) => exported.scopeMetrics).find((scoped) => scoped.scope.name === 'nestjs-health');
      const valuesOf = (name: string) =>
        Object.fromEntries(
          (scope?.metrics.find((metric) => metric.descriptor.name === name)?.dataPoints ?? []).map((point) => [
            String(point.attributes['health.check.name'] ?? ''),
            point.value,
          ]),
        );
      expect(valuesOf('health.check.status')).toEqual({ database: 1, replica: 0.5 });
      expect(valuesOf('health.ready')).toEqual({ '': 1 });
    } finally {
      await running.close();
      await provider.shutdown();
      metrics.disable();
    }
  });
});

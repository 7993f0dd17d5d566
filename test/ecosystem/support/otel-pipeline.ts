import { type Attributes, metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricData,
  PeriodicExportingMetricReader,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';

export { AggregationTemporality };

const sameAttributes = (given: Attributes, wanted: Attributes) =>
  Object.keys(given).length === Object.keys(wanted).length && Object.entries(wanted).every(([key, value]) => given[key] === value);

/** One export of the module's instrumentation scope, read by instrument name. */
export class OtelExport {
  constructor(readonly scope: ScopeMetrics['scope'] | undefined, private readonly byName: ReadonlyMap<string, MetricData>) {}

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  metric(name: string): MetricData | undefined {
    return this.byName.get(name);
  }

  /** the `health.check.name` of every point of an instrument */
  checks(name: string): string[] {
    return this.points(name).map((point) => String(point.attributes['health.check.name'])).sort();
  }

  /** a gauge's or a counter's value for exactly these attributes */
  value(name: string, attributes: Attributes = {}): number | undefined {
    return this.point(name, attributes)?.value as number | undefined;
  }

  histogram(name: string, attributes: Attributes): Histogram | undefined {
    return this.point(name, attributes)?.value as Histogram | undefined;
  }

  private points(name: string): DataPoint<unknown>[] {
    return (this.byName.get(name)?.dataPoints ?? []) as DataPoint<unknown>[];
  }

  private point(name: string, attributes: Attributes): DataPoint<unknown> | undefined {
    return this.points(name).find((point) => sameAttributes(point.attributes, attributes));
  }
}

export interface OtelPipeline {
  /** an export now, through the reader's own export path */
  exportNow(): Promise<OtelExport>;
  stop(): Promise<void>;
}

/** What an app does with the OpenTelemetry SDK: a MeterProvider with a periodic reader, registered globally. */
export function registerOtelSdk(temporality: AggregationTemporality): OtelPipeline {
  const exporter = new InMemoryMetricExporter(temporality);
  // the timer never fires in a test; forceFlush exports the way it would
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);
  return {
    async exportNow() {
      exporter.reset();
      await reader.forceFlush();
      const scope = exporter.getMetrics().flatMap((exported) => exported.scopeMetrics).find((scoped) => scoped.scope.name === 'nestjs-health');
      return new OtelExport(scope?.scope, new Map((scope?.metrics ?? []).map((metric) => [metric.descriptor.name, metric])));
    },
    async stop() {
      await provider.shutdown();
      metrics.disable();
    },
  };
}

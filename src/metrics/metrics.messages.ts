import { describeValue } from '../describe-value.js';

const labelList = (labels: readonly string[]) => (labels.length ? `labels ${labels.join(', ')}` : 'no labels');

/** Messages of the metrics exporters. */
export const metricsMessages = {
  promClientMissing: () =>
    'HealthModule: metrics is on but prom-client cannot be loaded; install it (npm install prom-client) or set metrics: false',
  otelApiMissing: () =>
    'HealthModule: metrics.otel is on but @opentelemetry/api cannot be loaded; install it (npm install @opentelemetry/api) and register an OpenTelemetry SDK, or remove otel: true',
  invalidMetricsRegistry: (value: unknown) =>
    `HealthModule: metrics.registry must be a prom-client Registry (new Registry() from prom-client), got ${describeValue(value)}`,
  metricClash: (name: string, kind: string, labels: readonly string[], foundKind: string, foundLabels: readonly string[]) =>
    `HealthModule: metrics: the registry already holds a metric named ${name} (a ${foundKind} with ${labelList(foundLabels)}), but the module exports ${name} as a ${kind} with ${labelList(labels)}; rename or remove the app's own metric, or give the module a registry of its own with metrics: { registry: new Registry() }`,
};

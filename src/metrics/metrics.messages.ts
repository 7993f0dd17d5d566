import { describeValue } from '../describe-value.js';

/** Messages of the metrics exporters. */
export const metricsMessages = {
  promClientMissing: () =>
    'HealthModule: metrics is on but prom-client cannot be loaded; install it (npm install prom-client) or set metrics: false',
  invalidMetricsRegistry: (value: unknown) =>
    `HealthModule: metrics.registry must be a prom-client Registry (new Registry() from prom-client), got ${describeValue(value)}`,
  metricClash: (name: string, found: string, wanted: string) =>
    `HealthModule: the registry already holds a metric named ${name} (${found}), but nestjs-health exports ${name} as ${wanted}; rename the app's own metric, or give the module a registry of its own with metrics: { registry: new Registry() }`,
};

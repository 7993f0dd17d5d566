import type { Provider } from '@nestjs/common';
import { MetricsFeed } from './metrics-feed.js';
import { otelMetricsProviders } from './otel-metrics.js';
import { prometheusMetricsProviders } from './prometheus-metrics.js';

/** The exporters `metrics` switches on, and the feed they share; each loads its peer only when it is on. */
export const metricsProviders: Provider[] = [MetricsFeed, ...prometheusMetricsProviders, ...otelMetricsProviders];

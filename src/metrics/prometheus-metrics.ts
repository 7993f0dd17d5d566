import { Inject, Injectable, type OnModuleInit, type Provider } from '@nestjs/common';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { importOptionalPeer } from '../optional-peer.js';
import { DURATION_BUCKETS, METRIC_DESCRIPTIONS } from './metric-descriptions.js';
import { loadMetricsPeer, type PeerPackageLoader } from './metrics-peer.js';
import { CHECK_STATES, MetricsFeed, type MetricsSink } from './metrics-feed.js';
import { metricsMessages } from './metrics.messages.js';
import { ownMetric, type PromClient } from './prometheus-metric.js';

/** How prom-client is loaded; a provider so a test can stand in for a missing package. */
export const PROM_CLIENT_LOADER = Symbol('nestjs-health:prom-client-loader');
export type PromClientLoader = PeerPackageLoader;

export const STATUS_METRIC = 'health_check_status';
export const DURATION_METRIC = 'health_check_duration_seconds';
export const TRANSITIONS_METRIC = 'health_check_transitions_total';
export const READY_METRIC = 'health_ready';

/** Loads prom-client, turning "not installed" into the boot error the user can act on. */
export function loadPromClient(load: PromClientLoader): Promise<PromClient> {
  return loadMetricsPeer<PromClient>(
    load,
    (client) => typeof client?.Gauge === 'function' && typeof client.Histogram === 'function' && typeof client.Counter === 'function',
    metricsMessages.promClientMissing,
  );
}

function isRegistry(value: unknown): value is Registry {
  const candidate = value as Partial<Registry> | null;
  return typeof candidate?.getSingleMetric === 'function' && typeof candidate.registerMetric === 'function';
}

/**
 * `metrics: true | { registry }`: every finished check run sets `health_check_status{check}` (1 healthy,
 * 0.5 degraded, 0 failed: the check's own state, as in `changes$`) and observes `health_check_duration_seconds{check}`;
 * each check transition counts in `health_check_transitions_total{check,to}`; `health_ready` is 1 while the ready
 * probe would answer 200. An unregistered check's series are removed. prom-client is imported only when these
 * metrics are on (not with `prometheus: false`), at module init, so a missing package fails the boot.
 */
@Injectable()
export class PrometheusMetrics implements OnModuleInit {
  constructor(
    private readonly feed: MetricsFeed,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
    @Inject(PROM_CLIENT_LOADER) private readonly load: PromClientLoader,
  ) {}

  async onModuleInit(): Promise<void> {
    const { metrics } = this.options;
    if (metrics === false || !metrics.prometheus) return;
    const client = await loadPromClient(this.load);
    const target = metrics.registry ?? client.register;
    if (!isRegistry(target)) throw new Error(metricsMessages.invalidMetricsRegistry(target));
    this.feed.connect(prometheusSink(client, target));
  }
}

function prometheusSink(client: PromClient, target: Registry): MetricsSink {
  const registers = [target];
  const check = ['check'] as const;
  const status = ownMetric<Gauge<'check'>>(target, { name: STATUS_METRIC, type: 'gauge', labelNames: check }, () =>
    new client.Gauge({ name: STATUS_METRIC, help: METRIC_DESCRIPTIONS.status, labelNames: check, registers }),
  );
  const duration = ownMetric<Histogram<'check'>>(target, { name: DURATION_METRIC, type: 'histogram', labelNames: check }, () =>
    new client.Histogram({ name: DURATION_METRIC, help: METRIC_DESCRIPTIONS.duration, labelNames: check, buckets: DURATION_BUCKETS, registers }),
  );
  const transitions = ownMetric<Counter<'check' | 'to'>>(target, { name: TRANSITIONS_METRIC, type: 'counter', labelNames: ['check', 'to'] }, () =>
    new client.Counter({ name: TRANSITIONS_METRIC, help: METRIC_DESCRIPTIONS.transitions, labelNames: ['check', 'to'], registers }),
  );
  const ready = ownMetric<Gauge>(target, { name: READY_METRIC, type: 'gauge', labelNames: [] }, () =>
    new client.Gauge({ name: READY_METRIC, help: METRIC_DESCRIPTIONS.ready, registers }),
  );
  return {
    ran: (name, value, seconds) => {
      status.set({ check: name }, value);
      duration.observe({ check: name }, seconds);
    },
    transition: (name, to, by) => transitions.inc({ check: name, to }, by),
    forget: (name) => {
      status.remove({ check: name });
      duration.remove({ check: name });
      for (const to of CHECK_STATES) transitions.remove({ check: name, to });
    },
    ready: (value) => ready.set(value),
  };
}

export const prometheusMetricsProviders: Provider[] = [
  { provide: PROM_CLIENT_LOADER, useValue: () => importOptionalPeer('prom-client') },
  PrometheusMetrics,
];

import { Inject, Injectable, type OnModuleInit, type Provider } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { CheckObservers } from '../checks/check-observers.js';
import type { CheckState } from '../checks/check.types.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { importOptionalPeer, peerExports } from '../optional-peer.js';
import { metricsMessages } from './metrics.messages.js';
import { ownMetric, type PromClient } from './prometheus-metric.js';

/** How prom-client is loaded; a provider so a test can stand in for a missing package. */
export const PROM_CLIENT_LOADER = Symbol('nestjs-health:prom-client-loader');
export type PromClientLoader = () => Promise<unknown>;

export const STATUS_METRIC = 'health_check_status';
export const DURATION_METRIC = 'health_check_duration_seconds';
const STATE_VALUE: Record<CheckState, number> = { healthy: 1, degraded: 0.5, failed: 0 };
// health checks should answer in milliseconds; the top buckets catch timeouts (default 500 ms) and hangs
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Loads prom-client, turning "not installed" into the boot error the user can act on. */
export async function loadPromClient(load: PromClientLoader): Promise<PromClient> {
  let loaded: unknown;
  try {
    loaded = await load();
  } catch (error) {
    throw new Error(metricsMessages.promClientMissing(), { cause: error });
  }
  const client = peerExports<PromClient>(loaded);
  if (typeof client?.Gauge !== 'function' || typeof client.Histogram !== 'function') {
    throw new Error(metricsMessages.promClientMissing());
  }
  return client;
}

function isRegistry(value: unknown): value is Registry {
  const candidate = value as Partial<Registry> | null;
  return typeof candidate?.getSingleMetric === 'function' && typeof candidate.registerMetric === 'function';
}

/**
 * `metrics: true | { registry }`: every finished check run sets `health_check_status{check}` (1 healthy,
 * 0.5 degraded, 0 failed: the check's own state, as in `changes$`) and observes `health_check_duration_seconds{check}`;
 * an unregistered check's series are removed. prom-client is imported only when metrics are on, at module init,
 * so a missing package fails the boot.
 */
@Injectable()
export class PrometheusMetrics implements OnModuleInit {
  constructor(
    private readonly observers: CheckObservers,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
    @Inject(PROM_CLIENT_LOADER) private readonly load: PromClientLoader,
  ) {}

  async onModuleInit(): Promise<void> {
    const { metrics } = this.options;
    if (metrics === false) return;
    const client = await loadPromClient(this.load);
    const target = metrics.registry ?? client.register;
    if (!isRegistry(target)) throw new Error(metricsMessages.invalidMetricsRegistry(target));
    const status = ownMetric(client, target, { name: STATUS_METRIC, type: 'Gauge', labelNames: ['check'] }, () =>
      new client.Gauge<'check'>({
        name: STATUS_METRIC,
        help: 'State of a health check after its latest run: 1 healthy, 0.5 degraded, 0 failed',
        labelNames: ['check'],
        registers: [target],
      }),
    );
    const duration = ownMetric(client, target, { name: DURATION_METRIC, type: 'Histogram', labelNames: ['check'] }, () =>
      new client.Histogram<'check'>({
        name: DURATION_METRIC,
        help: 'Duration of health check runs in seconds (cached results are not runs)',
        labelNames: ['check'],
        buckets: DURATION_BUCKETS,
        registers: [target],
      }),
    );
    this.observers.add({
      outcome: (definition, outcome) => {
        const labels = { check: definition.name };
        status.set(labels, STATE_VALUE[outcome.state]);
        duration.observe(labels, outcome.latencyMs / 1000);
      },
      removed: (definition) => {
        status.remove({ check: definition.name });
        duration.remove({ check: definition.name });
      },
    });
  }
}

export const prometheusMetricsProviders: Provider[] = [
  { provide: PROM_CLIENT_LOADER, useValue: () => importOptionalPeer('prom-client') },
  PrometheusMetrics,
];

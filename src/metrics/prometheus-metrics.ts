import { Inject, Injectable, type OnModuleInit, type Provider } from '@nestjs/common';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CheckObservers } from '../checks/check-observers.js';
import { CheckRegistry } from '../checks/check-registry.js';
import type { CheckState } from '../checks/check.types.js';
import { HealthEvents } from '../health-events.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { Availability } from '../lifecycle/availability.js';
import { importOptionalPeer, peerExports } from '../optional-peer.js';
import { metricsMessages } from './metrics.messages.js';
import { ownMetric, type PromClient } from './prometheus-metric.js';
import { ReadyState } from './ready-state.js';

/** How prom-client is loaded; a provider so a test can stand in for a missing package. */
export const PROM_CLIENT_LOADER = Symbol('nestjs-health:prom-client-loader');
export type PromClientLoader = () => Promise<unknown>;

export const STATUS_METRIC = 'health_check_status';
export const DURATION_METRIC = 'health_check_duration_seconds';
export const TRANSITIONS_METRIC = 'health_check_transitions_total';
export const READY_METRIC = 'health_ready';
const STATES: readonly CheckState[] = ['healthy', 'degraded', 'failed'];
export const STATE_VALUE: Readonly<Record<CheckState, number>> = { healthy: 1, degraded: 0.5, failed: 0 };
// health checks should answer in milliseconds; the top buckets catch timeouts (default 500 ms) and hangs
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Loads prom-client, turning "not installed" into the boot error the user can act on. */
export async function loadPromClient(load: PromClientLoader): Promise<PromClient> {
  let loaded: unknown;
  try {
    loaded = await load();
  } catch (error) {
    throw new Error(metricsMessages.promClientMissing(), { cause: error });
  }
  const client = peerExports<PromClient>(loaded);
  if (typeof client?.Gauge !== 'function' || typeof client.Histogram !== 'function' || typeof client.Counter !== 'function') {
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
 * each check transition counts in `health_check_transitions_total{check,to}`; `health_ready` is 1 while the ready
 * probe would answer 200. An unregistered check's series are removed. prom-client is imported only when metrics
 * are on, at module init, so a missing package fails the boot.
 */
@Injectable()
export class PrometheusMetrics implements OnModuleInit {
  constructor(
    private readonly observers: CheckObservers,
    private readonly registry: CheckRegistry,
    private readonly availability: Availability,
    private readonly events: HealthEvents,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
    @Inject(PROM_CLIENT_LOADER) private readonly load: PromClientLoader,
  ) {}

  async onModuleInit(): Promise<void> {
    const { metrics } = this.options;
    if (metrics === false) return;
    const client = await loadPromClient(this.load);
    const target = metrics.registry ?? client.register;
    if (!isRegistry(target)) throw new Error(metricsMessages.invalidMetricsRegistry(target));
    const registers = [target];
    const check = ['check'] as const;
    const status = ownMetric<Gauge<'check'>>(target, { name: STATUS_METRIC, type: 'gauge', labelNames: check }, () =>
      new client.Gauge({ name: STATUS_METRIC, help: 'State of a health check after its latest run: 1 healthy, 0.5 degraded, 0 failed', labelNames: check, registers }),
    );
    const duration = ownMetric<Histogram<'check'>>(target, { name: DURATION_METRIC, type: 'histogram', labelNames: check }, () =>
      new client.Histogram({
        name: DURATION_METRIC,
        help: 'Duration of health check runs in seconds (cached results are not runs)',
        labelNames: check,
        buckets: DURATION_BUCKETS,
        registers,
      }),
    );
    const transitions = ownMetric<Counter<'check' | 'to'>>(target, { name: TRANSITIONS_METRIC, type: 'counter', labelNames: ['check', 'to'] }, () =>
      new client.Counter({
        name: TRANSITIONS_METRIC,
        help: 'Changes of state of a health check (those changes$ emits), by the state it changed to',
        labelNames: ['check', 'to'],
        registers,
      }),
    );
    const ready = ownMetric<Gauge>(target, { name: READY_METRIC, type: 'gauge', labelNames: [] }, () =>
      new client.Gauge({ name: READY_METRIC, help: 'Whether the ready probe would answer 200: 1 ready, 0 not', registers }),
    );
    this.observers.add({
      outcome: (definition, outcome) => {
        const labels = { check: definition.name };
        status.set(labels, STATE_VALUE[outcome.state]);
        duration.observe(labels, outcome.latencyMs / 1000);
      },
      // series at 0 from registration, so Prometheus' increase() sees the first transition too
      added: (definition) => STATES.forEach((to) => transitions.inc({ check: definition.name, to }, 0)),
      removed: ({ name }) => {
        status.remove({ check: name });
        duration.remove({ check: name });
        for (const to of STATES) transitions.remove({ check: name, to });
      },
    });
    for (const name of this.registry.names()) STATES.forEach((to) => transitions.inc({ check: name, to }, 0));
    this.events.changes$.subscribe((change) => {
      if (change.check !== '*') transitions.inc({ check: change.check, to: change.to });
    });
    new ReadyState(this.registry, this.availability, this.observers, this.events).watch((value) => ready.set(value));
  }
}

export const prometheusMetricsProviders: Provider[] = [
  { provide: PROM_CLIENT_LOADER, useValue: () => importOptionalPeer('prom-client') },
  PrometheusMetrics,
];

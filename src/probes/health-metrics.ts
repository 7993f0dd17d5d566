import { Inject, Injectable, type OnModuleInit, type Provider } from '@nestjs/common';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CheckTransitions } from '../checks/check-transitions.js';
import { HealthRegistry } from '../checks/health-registry.js';
import type { CheckDefinition, CheckState } from '../checks/check.types.js';
import { messages } from '../health.messages.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { importOptionalPeer, peerExports } from '../optional-peer.js';
import { Availability } from './availability.js';
import { metricsMessages } from './metrics.messages.js';
import { ReadyTracker } from './ready-tracker.js';

type PromClient = typeof import('prom-client');

/** How prom-client is loaded; a provider so a test can stand in for a missing package. */
export const PROM_CLIENT_LOADER = Symbol('nestjs-health:prom-client-loader');
export type PromClientLoader = () => Promise<unknown>;

export const STATUS_METRIC = 'health_check_status';
export const DURATION_METRIC = 'health_check_duration_seconds';
export const TRANSITIONS_METRIC = 'health_check_transitions_total';
export const READY_METRIC = 'health_ready';
const STATES: readonly CheckState[] = ['healthy', 'degraded', 'failed'];
const STATE_VALUE: Record<CheckState, number> = { healthy: 1, degraded: 0.5, failed: 0 };
// health checks should answer in milliseconds; the top buckets catch timeouts (default 500 ms) and hangs
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Loads prom-client, turning "not installed" into the boot error the user can act on. */
export async function loadPromClient(load: PromClientLoader): Promise<PromClient> {
  let loaded: unknown;
  try {
    loaded = await load();
  } catch (error) {
    throw new Error(messages.promClientMissing(), { cause: error });
  }
  const client = peerExports<PromClient>(loaded);
  if (typeof client?.Gauge !== 'function' || typeof client.Histogram !== 'function' || typeof client.Counter !== 'function') {
    throw new Error(messages.promClientMissing());
  }
  return client;
}

function isRegistry(value: unknown): value is Registry {
  const candidate = value as Partial<Registry> | null;
  return typeof candidate?.getSingleMetric === 'function' && typeof candidate.registerMetric === 'function';
}

type MetricKind = 'gauge' | 'histogram' | 'counter';

/**
 * The registry's metric of that name, if it has the same type and labels (a second app in the same process
 * shares the default registry); a different one would swallow every write, so it fails the boot instead.
 */
function claimMetric<T>(target: Registry, name: string, kind: MetricKind, labelNames: readonly string[], create: () => T): T {
  const existing = target.getSingleMetric(name) as { type?: unknown; labelNames?: unknown } | undefined;
  if (existing === undefined) return create();
  const labels = Array.isArray(existing.labelNames) ? (existing.labelNames as unknown[]).map(String) : [];
  const same = existing.type === kind && labels.length === labelNames.length && labelNames.every((label) => labels.includes(label));
  if (!same) throw new Error(metricsMessages.metricClash(name, kind, labelNames, String(existing.type), labels));
  return existing as T;
}

/**
 * `metrics: true | { registry }`: every finished check run sets `health_check_status{check}` (1 healthy,
 * 0.5 degraded, 0 failed: the check's own state, as in `changes$`) and observes `health_check_duration_seconds{check}`;
 * each check transition of `changes$` counts in `health_check_transitions_total{check,to}`; `health_ready` is 1
 * while the ready probe would answer 200. prom-client is imported only when metrics are on, at module init, so a
 * missing package fails the boot.
 */
@Injectable()
export class HealthMetrics implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly availability: Availability,
    private readonly transitions: CheckTransitions,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
    @Inject(PROM_CLIENT_LOADER) private readonly load: PromClientLoader,
  ) {}

  async onModuleInit(): Promise<void> {
    const { metrics } = this.options;
    if (metrics === false) return;
    if (metrics === null || typeof metrics !== 'object') {
      throw new Error(messages.invalidModuleOption('metrics', 'must be true, false or { registry }', metrics));
    }
    const client = await loadPromClient(this.load);
    const target = metrics.registry ?? client.register;
    if (!isRegistry(target)) throw new Error(messages.invalidMetricsRegistry(target));
    const registers = [target];
    const status = claimMetric<Gauge<'check'>>(target, STATUS_METRIC, 'gauge', ['check'], () =>
      new client.Gauge({
        name: STATUS_METRIC,
        help: 'State of a health check after its latest run: 1 healthy, 0.5 degraded, 0 failed',
        labelNames: ['check'],
        registers,
      }),
    );
    const duration = claimMetric<Histogram<'check'>>(target, DURATION_METRIC, 'histogram', ['check'], () =>
      new client.Histogram({
        name: DURATION_METRIC,
        help: 'Duration of health check runs in seconds (cached results are not runs)',
        labelNames: ['check'],
        buckets: DURATION_BUCKETS,
        registers,
      }),
    );
    const transitions = claimMetric<Counter<'check' | 'to'>>(target, TRANSITIONS_METRIC, 'counter', ['check', 'to'], () =>
      new client.Counter({
        name: TRANSITIONS_METRIC,
        help: 'Changes of state of a health check (those changes$ emits), by the state it changed to',
        labelNames: ['check', 'to'],
        registers,
      }),
    );
    const ready = claimMetric<Gauge>(target, READY_METRIC, 'gauge', [], () =>
      new client.Gauge({ name: READY_METRIC, help: 'Whether the ready probe would answer 200: 1 ready, 0 not', registers }),
    );
    const readiness = new ReadyTracker(this.registry, this.availability, (value) => ready.set(value));
    const counted = new WeakSet<CheckDefinition>();
    this.registry.onOutcome((definition, outcome, probe) => {
      const labels = { check: definition.name };
      status.set(labels, STATE_VALUE[outcome.state]);
      duration.observe(labels, outcome.latencyMs / 1000);
      if (!counted.has(definition)) {
        counted.add(definition);
        // series at 0 from the first run, so Prometheus' increase() sees the first transition too
        for (const to of STATES) transitions.inc({ check: definition.name, to }, 0);
      }
      if (probe !== 'deep') readiness.outcome(definition, outcome.state);
    });
    this.transitions.changes.subscribe((change) => {
      if (change.check === '*') readiness.refresh();
      else transitions.inc({ check: change.check, to: change.to });
    });
    readiness.refresh();
  }
}

export const healthMetricsProviders: Provider[] = [
  { provide: PROM_CLIENT_LOADER, useValue: () => importOptionalPeer('prom-client') },
  HealthMetrics,
];

import type { Attributes, BatchObservableCallback, Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';
import type { CheckState } from '../checks/check.types.js';
import { DURATION_BUCKETS, METRIC_DESCRIPTIONS } from './metric-descriptions.js';
import type { MetricsSink } from './metrics-feed.js';

/** The OpenTelemetry instrument names of DESIGN "Observability", and their attributes. */
export const OTEL_INSTRUMENTS = {
  status: 'health.check.status',
  duration: 'health.check.duration',
  transitions: 'health.check.transitions',
  ready: 'health.ready',
} as const;
export const CHECK_NAME_ATTRIBUTE = 'health.check.name';
export const TRANSITION_TO_ATTRIBUTE = 'health.check.to';

interface LatestStatus {
  value: number;
  readonly attributes: Attributes;
}

/**
 * Records into a meter. The gauges are observable: a collection reads the latest status of every registered check
 * and the ready value, so an unregistered check is no longer observed (its series leaves a delta export) and a
 * check that only serves cached results still reports each interval. Duration and transitions are recorded as
 * they happen.
 */
export class OtelSink implements MetricsSink {
  private readonly latest = new Map<string, LatestStatus>();
  private readyValue: 0 | 1 = 0;
  private readonly status: ObservableGauge;
  private readonly readyGauge: ObservableGauge;
  private readonly duration: Histogram;
  private readonly transitions: Counter;
  private readonly observe: BatchObservableCallback = (result) => {
    for (const { value, attributes } of this.latest.values()) result.observe(this.status, value, attributes);
    result.observe(this.readyGauge, this.readyValue);
  };

  constructor(private readonly meter: Meter) {
    this.status = meter.createObservableGauge(OTEL_INSTRUMENTS.status, { description: METRIC_DESCRIPTIONS.status });
    this.readyGauge = meter.createObservableGauge(OTEL_INSTRUMENTS.ready, { description: METRIC_DESCRIPTIONS.ready });
    this.duration = meter.createHistogram(OTEL_INSTRUMENTS.duration, {
      description: METRIC_DESCRIPTIONS.duration,
      unit: 's',
      // the SDK's default buckets are shaped for milliseconds
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
    this.transitions = meter.createCounter(OTEL_INSTRUMENTS.transitions, { description: METRIC_DESCRIPTIONS.transitions, unit: '{transition}' });
    meter.addBatchObservableCallback(this.observe, [this.status, this.readyGauge]);
  }

  ran(check: string, value: number, seconds: number): void {
    let latest = this.latest.get(check);
    if (latest === undefined) this.latest.set(check, (latest = { value, attributes: { [CHECK_NAME_ATTRIBUTE]: check } }));
    latest.value = value;
    this.duration.record(seconds, latest.attributes);
  }

  transition(check: string, to: CheckState, by: 0 | 1): void {
    this.transitions.add(by, { [CHECK_NAME_ATTRIBUTE]: check, [TRANSITION_TO_ATTRIBUTE]: to });
  }

  forget(check: string): void {
    this.latest.delete(check);
  }

  ready(value: 0 | 1): void {
    this.readyValue = value;
  }

  /** The app closed: a meter provider outliving it stops observing its gauges. */
  stop(): void {
    this.meter.removeBatchObservableCallback(this.observe, [this.status, this.readyGauge]);
  }
}

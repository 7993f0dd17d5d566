import type { Metric, Registry } from 'prom-client';
import { metricsMessages } from './metrics.messages.js';

export type PromClient = typeof import('prom-client');
type MetricType = 'Gauge' | 'Histogram' | 'Counter';

/** What the module exports under a name: its type and label names. */
export interface MetricShape {
  readonly name: string;
  readonly type: MetricType;
  readonly labelNames: readonly string[];
}

/**
 * The metric the module exports under a name: created once per registry, or the one already there when it is of
 * the same type and labels (a second app in the process, hot reload). An app-owned metric of another shape under
 * the same name is a boot error: reusing it would make every update throw and export nothing.
 */
export function ownMetric<M extends Metric>(client: PromClient, registry: Registry, shape: MetricShape, create: () => M): M {
  const existing = registry.getSingleMetric(shape.name);
  if (existing === undefined) return create();
  const labels = (existing as { labelNames?: readonly string[] }).labelNames ?? [];
  const sameType = existing instanceof client[shape.type];
  const sameLabels = [...labels].sort().join(',') === [...shape.labelNames].sort().join(',');
  if (sameType && sameLabels) return existing as M;
  const describe = (kind: string, names: readonly string[]) => `a ${kind} with labels [${names.join(', ')}]`;
  throw new Error(metricsMessages.metricClash(shape.name, describe(existing.constructor.name, labels), describe(shape.type, shape.labelNames)));
}

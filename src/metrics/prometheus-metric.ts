import type { Registry } from 'prom-client';
import { metricsMessages } from './metrics.messages.js';

export type PromClient = typeof import('prom-client');

/** What the module exports under a name: prom-client's type string and the label names. */
export interface MetricShape {
  readonly name: string;
  readonly type: 'gauge' | 'histogram' | 'counter';
  readonly labelNames: readonly string[];
}

/**
 * The metric the module exports under a name: created once per registry, or the one already there when it is of
 * the same type and labels (a second app in the process shares the default registry). An app-owned metric of
 * another shape under the same name fails the boot: reusing it would make every write throw and export nothing.
 */
export function ownMetric<M>(registry: Registry, shape: MetricShape, create: () => M): M {
  const existing = registry.getSingleMetric(shape.name) as { type?: unknown; labelNames?: unknown } | undefined;
  if (existing === undefined) return create();
  const labels = Array.isArray(existing.labelNames) ? (existing.labelNames as unknown[]).map(String) : [];
  const same =
    existing.type === shape.type && labels.length === shape.labelNames.length && shape.labelNames.every((label) => labels.includes(label));
  if (!same) throw new Error(metricsMessages.metricClash(shape.name, shape.type, shape.labelNames, String(existing.type), labels));
  return existing as M;
}

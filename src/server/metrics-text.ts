import type { ResolvedHealthOptions } from '../health.options.js';
import { metricsMessages } from '../metrics/metrics.messages.js';
import { loadPromClient, type PromClientLoader } from '../metrics/prometheus-metrics.js';
import type { MetricsText } from './main-thread-backend.js';

interface TextRegistry {
  readonly contentType: string;
  metrics(): Promise<string>;
}

function isTextRegistry(value: unknown): value is TextRegistry {
  return typeof (value as Partial<TextRegistry> | null)?.metrics === 'function';
}

/**
 * `server.metrics`: the text of the module's registry (`metrics.registry`, else prom-client's default one, which
 * also holds the app's own metrics), whether or not the module's own metrics are switched on. prom-client is
 * loaded here, at module init, so a missing package fails the boot.
 */
export async function loadMetricsText(options: ResolvedHealthOptions, load: PromClientLoader): Promise<MetricsText> {
  const client = await loadPromClient(load);
  const registry = (options.metrics !== false ? options.metrics.registry : undefined) ?? client.register;
  if (!isTextRegistry(registry)) throw new Error(metricsMessages.invalidMetricsRegistry(registry));
  return async () => ({ contentType: registry.contentType, body: await registry.metrics() });
}

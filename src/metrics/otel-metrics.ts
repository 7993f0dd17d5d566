import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit, type Provider } from '@nestjs/common';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { importOptionalPeer } from '../optional-peer.js';
import { loadMetricsPeer, type PeerPackageLoader } from './metrics-peer.js';
import { MetricsFeed } from './metrics-feed.js';
import { metricsMessages } from './metrics.messages.js';
import { OtelSink } from './otel-sink.js';

/** How @opentelemetry/api is loaded; a provider so a test can stand in for a missing package. */
export const OTEL_API_LOADER = Symbol('nestjs-health:otel-api-loader');
export type OtelApi = typeof import('@opentelemetry/api');

/** The instrumentation scope: this package and its version (a test keeps it equal to package.json's). */
export const OTEL_METER_NAME = 'nestjs-health';
export const OTEL_METER_VERSION = '0.1.0';

/** Loads @opentelemetry/api, turning "not installed" into the boot error the user can act on. */
export function loadOtelApi(load: PeerPackageLoader): Promise<OtelApi> {
  return loadMetricsPeer<OtelApi>(load, (api) => typeof api?.metrics?.getMeter === 'function', metricsMessages.otelApiMissing);
}

/**
 * `metrics: { otel: true }`: records the OpenTelemetry instruments (see OtelSink) through the meter provider the
 * app registered (NodeSDK, or `metrics.setGlobalMeterProvider`); without one the API's no-op meter records nothing.
 * @opentelemetry/api is imported only then, at module init, so a missing package fails the boot.
 */
@Injectable()
export class OtelMetrics implements OnModuleInit, OnApplicationShutdown {
  private sink?: OtelSink;

  constructor(
    private readonly feed: MetricsFeed,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
    @Inject(OTEL_API_LOADER) private readonly load: PeerPackageLoader,
  ) {}

  async onModuleInit(): Promise<void> {
    const { metrics } = this.options;
    if (metrics === false || !metrics.otel) return;
    const api = await loadOtelApi(this.load);
    // fetched now, not at import: the API has no proxy meter provider, so a meter taken before the SDK registers stays a no-op
    this.sink = new OtelSink(api.metrics.getMeter(OTEL_METER_NAME, OTEL_METER_VERSION));
    this.feed.connect(this.sink);
  }

  onApplicationShutdown(): void {
    this.sink?.stop();
  }
}

export const otelMetricsProviders: Provider[] = [
  { provide: OTEL_API_LOADER, useValue: () => importOptionalPeer('@opentelemetry/api') },
  OtelMetrics,
];

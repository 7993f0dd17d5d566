import { describe, expect, it } from '@jest/globals';
import { resolveModuleOptions } from '../../src/health.options.js';

const metricsOf = (metrics: unknown) => resolveModuleOptions({ metrics }, {}).metrics;

describe('the metrics option', () => {
  it('turns prom-client on with true, and OpenTelemetry beside it or alone with otel and prometheus', () => {
    expect(metricsOf(undefined)).toBe(false);
    expect(metricsOf(false)).toBe(false);
    expect(metricsOf(true)).toEqual({ otel: false, prometheus: true });
    expect(metricsOf({})).toEqual({ otel: false, prometheus: true });
    expect(metricsOf({ otel: true })).toEqual({ otel: true, prometheus: true });
    expect(metricsOf({ otel: true, prometheus: false })).toEqual({ otel: true, prometheus: false });
    const registry = {};
    expect(metricsOf({ registry, otel: false })).toEqual({ registry, otel: false, prometheus: true });
  });

  it.each([
    [{ otel: 'yes' }, 'HealthModule: metrics.otel must be a boolean, got "yes"'],
    [{ otel: 1 }, 'HealthModule: metrics.otel must be a boolean, got 1'],
    [{ otel: true, prometheus: 'false' }, 'HealthModule: metrics.prometheus must be a boolean, got "false"'],
    [{ opentelemetry: true }, 'HealthModule: unknown option "metrics.opentelemetry"; the keys of metrics are registry, otel, prometheus'],
    ['on', 'HealthModule: metrics must be true, false or { registry, otel, prometheus }, got "on"'],
  ])('refuses metrics: %j', (metrics, message) => {
    expect(() => metricsOf(metrics)).toThrow(message);
  });

  it('refuses prometheus: false without otel: true, which would export nothing', () => {
    const message =
      'HealthModule: metrics: { prometheus: false } without otel: true would export nothing; add otel: true to record through OpenTelemetry only, or set metrics: false';
    expect(() => metricsOf({ prometheus: false })).toThrow(message);
    expect(() => metricsOf({ prometheus: false, otel: false })).toThrow(message);
  });

  it('refuses a registry with prometheus: false, which would stay empty', () => {
    expect(() => metricsOf({ registry: {}, otel: true, prometheus: false })).toThrow(
      'HealthModule: metrics.registry is a prom-client registry, but metrics.prometheus is false, so nothing would be written to it; remove registry, or prometheus: false',
    );
  });
});

import { HEALTH_CHECK_METADATA } from '../health.constants.js';
import type { HealthCheckOptions } from './check.types.js';

/** The only place that reads @HealthCheck metadata. */
export function readCheckOptions(method: unknown): HealthCheckOptions | undefined {
  if (typeof method !== 'function') return undefined;
  return Reflect.getMetadata(HEALTH_CHECK_METADATA, method) as HealthCheckOptions | undefined;
}

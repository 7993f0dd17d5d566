import { HEALTH_CHECK_METADATA } from './health.constants.js';
import type { HealthCheckOptions } from './checks/check.types.js';

/**
 * Marks a provider (or controller) method as a health check. It is discovered at boot and served on the
 * probes named in `options.probes` (readiness by default); the method receives a `HealthCheckContext`.
 */
export function HealthCheck(options: HealthCheckOptions = {}): MethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(HEALTH_CHECK_METADATA, options, descriptor.value as object);
    return descriptor;
  };
}

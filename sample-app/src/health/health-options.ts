import type { ConfigService } from '@nestjs/config';
import type { HealthModuleOptions } from 'nestjs-health';
import type { Environment } from '../config/environment.js';

/** The health module's runtime options, from the validated environment: `forRootAsync`'s `useFactory`. */
export function healthOptions(config: ConfigService<Environment, true>): HealthModuleOptions {
  return {
    version: config.get('APP_VERSION', { infer: true }),
    token: config.get('HEALTH_TOKEN', { infer: true }),
    defaults: { timeout: config.get('CHECK_TIMEOUT_MS', { infer: true }) },
    // unset: the module's own default (5000 ms in Kubernetes, else 0)
    shutdown: { drainMs: config.get('DRAIN_MS', { infer: true }) },
    metrics: true,
  };
}

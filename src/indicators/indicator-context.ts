// The one place the indicators read the core: the context a check run receives (DESIGN "@HealthCheck").
import type { HealthCheckContext } from '../checks/check.types.js';

/**
 * What an indicator takes from the check's context: pass the `ctx` your `@HealthCheck` method received.
 * `signal` abandons the call when the run times out or the app shuts down; `probe === 'deep'` adds the
 * operator-only extras.
 */
export type IndicatorContext = Partial<Pick<HealthCheckContext, 'signal' | 'probe'>>;

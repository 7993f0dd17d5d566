export { HealthModule } from './health.module.js';
export { HealthCheck } from './health-check.decorator.js';
export { HealthService } from './probes/health.service.js';
export { HealthRegistry } from './checks/health-registry.js';
export { HealthTokenGuard } from './http/health-token.guard.js';
export type {
  CheckOutcome,
  CheckState,
  HealthCheckContext,
  HealthCheckDetails,
  HealthCheckFunction,
  HealthCheckOptions,
  HealthCheckReturn,
  Probe,
  ProbeOrDeep,
} from './checks/check.types.js';
export type { HealthTransition, ReadinessLevel } from './checks/check-transitions.js';
export type { CheckOutcomeObserver } from './checks/health-registry.js';
export type {
  DeepRouteOptions,
  HealthCheckDefaults,
  HealthGuard,
  HealthMetricsOptions,
  HealthModuleOptions,
  HealthRoutes,
  HealthShutdownOptions,
  HealthStaticOptions,
} from './health.options.js';
export type { CheckEntry } from './probes/check-entry.js';
export type { ProbeReport, ProbeStatus } from './probes/probe-report.js';
export type { SystemSnapshot } from './probes/system-sampler.js';

export { HealthModule } from './health.module.js';
export { HealthCheck } from './health-check.decorator.js';
export { HealthService } from './probes/health.service.js';
export { HealthRegistry } from './checks/health-registry.js';
export { HealthTokenGuard } from './http/health-token.guard.js';
export { enableHealthShutdown } from './lifecycle/enable-health-shutdown.js';
export { checkDiskSpace } from './indicators/disk-space.indicator.js';
export type { DiskSpaceDetails, DiskSpaceOptions } from './indicators/disk-space.indicator.js';
export { checkMemory } from './indicators/memory.indicator.js';
export type { MemoryDetails, MemoryOptions } from './indicators/memory.indicator.js';
export { checkEventLoopDelay } from './indicators/event-loop.indicator.js';
export type { EventLoopDelayDetails, EventLoopDelayOptions } from './indicators/event-loop.indicator.js';
export { checkHttp } from './indicators/http.indicator.js';
export type { HttpPingDetails, HttpPingOptions } from './indicators/http.indicator.js';
export { checkTcp } from './indicators/tcp.indicator.js';
export type { TcpConnectDetails, TcpConnectOptions } from './indicators/tcp.indicator.js';
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
  ReasonSource,
} from './checks/check.types.js';
export type { HealthCheckDefaults } from './checks/check-defaults.js';
export type { HealthTransition, ReadinessLevel } from './health-events.js';
export type { HealthHistoryOptions, HealthMetricsOptions, HealthModuleOptions, HealthShutdownOptions } from './health.options.js';
export type { CheckHistory, CheckRun } from './history/check-history.js';
export type { DeepRouteOptions, HealthGuard, HealthRoutes, HealthStaticOptions } from './health-static-options.js';
export type { CheckResult, ProbeReport, ProbeStatus } from './probes/probe-report.js';
export type { SystemSnapshot } from './system/system-sampler.js';

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
export { checkRedis } from './indicators/redis.indicator.js';
export type { RedisCheckDetails, RedisCheckOptions } from './indicators/redis.indicator.js';
export type { IoRedisLike, NodeRedisLike, RedisClientLike } from './indicators/redis-client.js';
export type { RedisExtras } from './indicators/redis-extras.js';
export { checkBullMQQueue } from './indicators/bullmq-queue.indicator.js';
export type { BullMQCountedState, BullMQQueueCheckOptions, BullMQQueueDetails, BullMQQueueLike } from './indicators/bullmq-queue.indicator.js';
export type { BullMQClientLike, BullMQConnectionHolder } from './indicators/bullmq-connection.js';
export { watchBullMQWorker } from './indicators/bullmq-worker.indicator.js';
export type { BullMQWorkerDetails, BullMQWorkerLike, BullMQWorkerWatch, BullMQWorkerWatchOptions } from './indicators/bullmq-worker.indicator.js';
export { trackWorkerProgress } from './indicators/worker-progress.js';
export type { WorkerProgressDetails, WorkerProgressOptions, WorkerProgressTracker } from './indicators/worker-progress.js';
export { watchTransportStatus } from './indicators/transport-status.js';
export type {
  TransportStatusDetails,
  TransportStatusObserver,
  TransportStatusOptions,
  TransportStatusSource,
  TransportStatusWatch,
} from './indicators/transport-status.js';
export type { TransportStatusMeaning } from './indicators/transport-status-meanings.js';
export type { IndicatorContext } from './indicators/indicator-context.js';
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
export type { HealthServerOptions } from './server/probe-server-options.js';
export type { CheckResult, ProbeReport, ProbeStatus } from './probes/probe-report.js';
export type { SystemSnapshot } from './system/system-sampler.js';

export { withGrpcHealth } from './with-grpc-health.js';
export type { GrpcServerOptions } from './with-grpc-health.js';
export type { GrpcHealthModuleOptions } from './grpc-health.options.js';
export { ServingStatus } from './serving-status.js';
export { DEFAULT_MAX_WATCH_STREAMS, MAX_SERVICE_NAME_BYTES, MAX_UNKNOWN_WATCH_STREAMS } from './grpc-health.limits.js';

export { withGrpcHealth } from './with-grpc-health.js';
export type { GrpcServerOptions } from './with-grpc-health.js';
export type { GrpcHealthModuleOptions } from './grpc-health.options.js';

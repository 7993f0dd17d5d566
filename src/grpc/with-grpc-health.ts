import type { Server } from '@grpc/grpc-js';
import { GRPC_HEALTH_LINK } from './grpc-health-link.js';
import { grpcMessages } from './grpc-health.messages.js';
import { GrpcServerLink, type GrpcServerSettings } from './grpc-server-link.js';

/** The options of a Nest gRPC server (`GrpcOptions['options']` of @nestjs/microservices), as far as they are read here. */
export interface GrpcServerOptions {
  url?: string;
  package?: string | readonly string[];
  /** Nest calls it with the package definition and the grpc-js Server; the app's own hook runs first */
  onLoadPackageDefinition?: (pkg: never, server: never) => void;
}

type PackageHook = (this: unknown, pkg: object, server: unknown) => void;

/**
 * Serves the standard `grpc.health.v1.Health` (Check, Watch, List) on a Nest gRPC server, answered by the
 * app's own `@HealthCheck`s: `options: withGrpcHealth({ package, protoPath, url })`. Returns the same options
 * with an `onLoadPackageDefinition` hook that runs the app's own hook first, then adds the service.
 */
export function withGrpcHealth<T extends GrpcServerOptions>(options: T): T {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new Error(grpcMessages.invalidGrpcOptions(options));
  }
  const appHook = options.onLoadPackageDefinition as PackageHook | undefined;
  if (appHook !== undefined && typeof appHook !== 'function') throw new Error(grpcMessages.invalidHook(appHook));
  const withHealth = {
    ...options,
    onLoadPackageDefinition(this: unknown, pkg: object, server: unknown) {
      appHook?.call(this, pkg, server);
      // Nest calls the hook on the options it holds: a copy the app made of ours (spread, url added) counts
      link.serve(pkg, server as Server, typeof this === 'object' && this !== null ? (this as GrpcServerSettings) : withHealth);
    },
    // enumerable, so a spread copy of these options still finds its app
    [GRPC_HEALTH_LINK]: undefined as unknown,
  };
  const link = new GrpcServerLink();
  withHealth[GRPC_HEALTH_LINK] = link;
  return withHealth as unknown as T;
}

import type { GrpcHealthSource } from './grpc-health-source.js';
import type { ResolvedGrpcHealthOptions } from './grpc-health.options.js';

/** What the app hands the gRPC server it owns: its checks, through the source, and the `grpc` module option. */
export interface GrpcHealthApp {
  readonly source: GrpcHealthSource;
  readonly options: ResolvedGrpcHealthOptions;
  /** the gRPC server is bound and serving: the app's bootstrap is done */
  serverListening(): void;
}

/**
 * The meeting point of one gRPC server and its app, carried on the server's own options object (which Nest
 * keeps on its ServerGrpc). `withGrpcHealth()` puts it there; the app's HealthModule finds it among the app's
 * RPC targets (`ModulesContainer.getRpcTargetRegistry()`) and attaches itself. No process-wide state.
 */
export interface GrpcHealthLink {
  attach(app: GrpcHealthApp): void;
  endWatchStreams(): void;
}

// Symbol.for: the ESM and the CommonJS build of this package must recognise each other's links
export const GRPC_HEALTH_LINK = Symbol.for('nestjs-health.grpc-health-link');

/** The link of an RPC target (a Nest transport server) built from `withGrpcHealth()` options, if it is one. */
export function linkOf(target: unknown): GrpcHealthLink | undefined {
  const options = (target as { options?: unknown } | null | undefined)?.options;
  if (typeof options !== 'object' || options === null) return undefined;
  const link = (options as { [GRPC_HEALTH_LINK]?: unknown })[GRPC_HEALTH_LINK];
  return typeof (link as GrpcHealthLink | undefined)?.attach === 'function' ? (link as GrpcHealthLink) : undefined;
}

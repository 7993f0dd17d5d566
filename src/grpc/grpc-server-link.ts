import type { Server } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { HEALTH_LOGGER_CONTEXT } from '../health.constants.js';
import type { GrpcHealthApp, GrpcHealthLink } from './grpc-health-link.js';
import { grpcMessages } from './grpc-health.messages.js';
import { GrpcHealthService } from './grpc-health.service.js';
import { HEALTH_SERVICE, healthServiceDefinition } from './health-proto.js';
import { isLoopbackOnly, NEST_DEFAULT_GRPC_URL } from './loopback-url.js';

/** The parts of a Nest gRPC server's options the link reads. */
export interface GrpcServerSettings {
  readonly url?: string;
  readonly package?: string | readonly string[];
}

/** The app's own package that Nest would serve grpc.health.v1.Health from, if it defines it. */
function packageServingHealth(definition: object, packages: GrpcServerSettings['package']): string | undefined {
  if (!(HEALTH_SERVICE in definition)) return undefined;
  // Nest adds every service under each listed package; an empty name means the whole definition
  for (const name of Array.isArray(packages) ? packages : [packages]) {
    if (!name || HEALTH_SERVICE.startsWith(`${name}.`)) return name || '(the whole definition)';
  }
  return undefined;
}

/** `close()` on a gRPC server with open Watch streams: they end first, or a graceful shutdown would wait forever. */
function endWatchStreamsOnShutdown(server: Server, service: GrpcHealthService): void {
  // this server instance only: Nest created it for this app and handed it to the hook
  const tryShutdown = server.tryShutdown.bind(server);
  const forceShutdown = server.forceShutdown.bind(server);
  server.tryShutdown = (callback) => {
    service.endWatchStreams();
    tryShutdown(callback);
  };
  server.forceShutdown = () => {
    service.endWatchStreams();
    forceShutdown();
  };
}

/** One gRPC server's side of the link: serves grpc.health.v1 on it with the checks of the app that attached. */
export class GrpcServerLink implements GrpcHealthLink {
  private app?: GrpcHealthApp;
  private sharedByApps = false;
  private service?: GrpcHealthService;
  private readonly logger = new Logger(HEALTH_LOGGER_CONTEXT);

  attach(app: GrpcHealthApp): void {
    // a throw here would land in an rxjs subscriber: the conflict is reported when the server starts
    if (this.app !== undefined && this.app !== app) this.sharedByApps = true;
    this.app ??= app;
  }

  /** From Nest's onLoadPackageDefinition: the server is bound, the app's own services not added yet. */
  serve(definition: object, server: Server, settings: GrpcServerSettings): void {
    if (this.sharedByApps) throw new Error(grpcMessages.sharedOptions());
    if (this.app === undefined) throw new Error(grpcMessages.noHealthModule());
    const owner = packageServingHealth(definition, settings.package);
    if (owner !== undefined) throw new Error(grpcMessages.definedByPackage(owner));
    // a server started again on the same options (listen after close) starts afresh
    this.service?.endWatchStreams();
    const service = new GrpcHealthService(this.app.source, this.app.options, this.logger);
    try {
      server.addService(healthServiceDefinition, service.handlers);
    } catch (error) {
      service.endWatchStreams();
      if (/already provided/.test(String((error as Error | undefined)?.message))) throw new Error(grpcMessages.alreadyServed(), { cause: error });
      throw error;
    }
    this.service = service;
    endWatchStreamsOnShutdown(server, service);
    const url = settings.url ?? NEST_DEFAULT_GRPC_URL;
    if (isLoopbackOnly(url)) this.logger.warn(grpcMessages.loopbackOnly(url));
    this.logger.log(grpcMessages.serving(url, service.names));
    this.app.serverListening();
  }

  endWatchStreams(): void {
    this.service?.endWatchStreams();
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { Observable, Subscription } from 'rxjs';
import { HEALTH_LOGGER_CONTEXT } from '../health.constants.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { HealthLifecycle } from '../lifecycle/health-lifecycle.js';
import { ShutdownCoordinator } from '../lifecycle/shutdown-coordinator.js';
import { linkOf, type GrpcHealthApp, type GrpcHealthLink } from './grpc-health-link.js';
import { ModuleGrpcHealthSource } from './grpc-health-source.js';
import { grpcMessages } from './grpc-health.messages.js';

interface RpcTargetRegistry {
  getRpcTargetRegistry?<T>(): Observable<T>;
}

/**
 * The app's side of `nestjs-health/grpc`, part of HealthModule and free of any gRPC import. It finds the
 * app's own gRPC servers built with `withGrpcHealth()` among the app's RPC targets and attaches the app's
 * checks to them; at bootstrap it refuses a `grpc.services` entry naming an unknown check. In the shutdown
 * order, Watch streams end after the drain, before Nest closes anything (and, on a programmatic close, when the
 * gRPC server starts to shut down).
 */
@Injectable()
export class GrpcHealthBinding implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly links = new Set<GrpcHealthLink>();
  private readonly subscription?: Subscription;
  private readonly logger = new Logger(HEALTH_LOGGER_CONTEXT);

  constructor(
    modules: ModulesContainer,
    private readonly source: ModuleGrpcHealthSource,
    coordinator: ShutdownCoordinator,
    lifecycle: HealthLifecycle,
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
  ) {
    const app: GrpcHealthApp = {
      source,
      options: options.grpc,
      // the server is bound and the app's bootstrap hooks have run: what the HTTP adapter's listen$ says for HTTP
      serverListening: () => {
        lifecycle.listening();
        coordinator.serverListening();
      },
    };
    // from the constructor, not a hook: a hybrid app's startAllMicroservices() listens before the app inits
    this.subscription = (modules as RpcTargetRegistry).getRpcTargetRegistry?.<unknown>().subscribe((target) => {
      const link = linkOf(target);
      if (link === undefined) return;
      link.attach(app);
      if (this.links.size === 0) {
        coordinator.expectServer();
        // a gRPC server serves requests: the Kubernetes default drain applies, as for an HTTP adapter
        coordinator.servesRequests();
      }
      this.links.add(link);
    });
    coordinator.beforeClose(() => this.endWatchStreams());
  }

  onApplicationBootstrap(): void {
    const { services } = this.options.grpc;
    for (const [service, checks] of services) {
      const missing = checks.find((check) => !this.source.hasCheck(check));
      if (missing !== undefined) throw new Error(grpcMessages.unknownCheck(service, missing, this.source.checkNames()));
    }
    if (services.size > 0 && this.links.size === 0) this.logger.warn(grpcMessages.noGrpcServer());
  }

  /** Ends every gRPC Watch stream of the app after its last message; Check keeps answering until the server closes. */
  endWatchStreams(): void {
    for (const link of this.links) link.endWatchStreams();
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}

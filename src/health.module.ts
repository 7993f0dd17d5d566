import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CheckExplorer } from './checks/check-explorer.js';
import { CheckTransitions } from './checks/check-transitions.js';
import { HealthRegistry } from './checks/health-registry.js';
import {
  ConfigurableHealthModule,
  HEALTH_ASYNC_OPTIONS_TYPE,
  HEALTH_MODULE_OPTIONS,
  HEALTH_OPTIONS_TYPE,
} from './health.module-definition.js';
import { resolveModuleOptions, type HealthModuleOptions, type HealthStaticOptions } from './health.options.js';
import { GrpcHealthBinding } from './grpc/grpc-health-binding.js';
import { ModuleGrpcHealthSource } from './grpc/grpc-health-source.js';
import { HEALTH_CONTROLLER, HEALTH_STATIC_OPTIONS, RESOLVED_HEALTH_OPTIONS } from './health.tokens.js';
import { createHealthController } from './http/health-controller.factory.js';
import { HealthResponder } from './http/health-responder.js';
import { HealthRouteReporter } from './http/health-route-reporter.js';
import { healthSwaggerProviders } from './http/health-swagger.js';
import { NoStoreHeader } from './http/no-store-header.js';
import { ShutdownDrain } from './http/shutdown-drain.js';
import { Availability } from './probes/availability.js';
import { HealthLifecycle } from './probes/health-lifecycle.js';
import { healthMetricsProviders } from './probes/health-metrics.js';
import { HealthService } from './probes/health.service.js';
import { StartupLatch } from './probes/startup-latch.js';
import { SystemSampler } from './probes/system-sampler.js';

const STATIC_KEYS = ['path', 'routes', 'deep', 'decorators', 'imports', 'isGlobal'] as const;

/**
 * `HealthModule.forRoot(options)` / `forRootAsync({ useFactory, inject, imports, ...static })`: discovers
 * every @HealthCheck and serves live, ready, startup and a guarded deep route.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: RESOLVED_HEALTH_OPTIONS,
      useFactory: (options: HealthModuleOptions) => resolveModuleOptions(options),
      inject: [HEALTH_MODULE_OPTIONS],
    },
    CheckTransitions,
    HealthRegistry,
    CheckExplorer,
    Availability,
    SystemSampler,
    StartupLatch,
    HealthService,
    HealthLifecycle,
    HealthResponder,
    HealthRouteReporter,
    NoStoreHeader,
    ShutdownDrain,
    ModuleGrpcHealthSource,
    GrpcHealthBinding,
    ...healthMetricsProviders,
    ...healthSwaggerProviders,
  ],
  exports: [HealthService, HealthRegistry, RESOLVED_HEALTH_OPTIONS],
})
export class HealthModule extends ConfigurableHealthModule {
  static override forRoot(options: typeof HEALTH_OPTIONS_TYPE = {}): DynamicModule {
    return withStaticParts(super.forRoot(options), options);
  }

  static override forRootAsync(options: typeof HEALTH_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withStaticParts(super.forRootAsync(options), options);
  }

}

function withStaticParts(definition: DynamicModule, options: HealthStaticOptions): DynamicModule {
  const staticOptions: HealthStaticOptions = {};
  for (const key of STATIC_KEYS) if (options[key] !== undefined) Object.assign(staticOptions, { [key]: options[key] });
  const controller = createHealthController(staticOptions);
  return {
    ...definition,
    global: options.isGlobal ?? true,
    imports: [...(definition.imports ?? []), ...(options.imports ?? [])],
    controllers: [controller],
    providers: [
      ...(definition.providers ?? []),
      { provide: HEALTH_STATIC_OPTIONS, useValue: staticOptions },
      { provide: HEALTH_CONTROLLER, useValue: controller },
    ],
  };
}

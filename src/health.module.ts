import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CHECK_DEFAULTS } from './checks/check-defaults.js';
import { CheckExplorer } from './checks/check-explorer.js';
import { CheckObservers } from './checks/check-observers.js';
import { CheckOrchestrator } from './checks/check-orchestrator.js';
import { CheckRegistry } from './checks/check-registry.js';
import { CheckStates } from './checks/check-states.js';
import { HealthRegistry } from './checks/health-registry.js';
import { GrpcHealthBinding } from './grpc/grpc-health-binding.js';
import { ModuleGrpcHealthSource } from './grpc/grpc-health-source.js';
import { HealthEvents } from './health-events.js';
import { CheckHistories } from './history/check-histories.js';
import { ConfigurableHealthModule, HEALTH_ASYNC_OPTIONS_TYPE, HEALTH_MODULE_OPTIONS, HEALTH_OPTIONS_TYPE } from './health.module-definition.js';
import { resolveModuleOptions, type ResolvedHealthOptions } from './health.options.js';
import { optionMessages } from './health-options.messages.js';
import { STATIC_OPTION_KEYS } from './health-static-options.js';
import { RESOLVED_HEALTH_OPTIONS } from './health.tokens.js';
import { HealthAnswers } from './http/health-answers.js';
import { HealthResponder } from './http/health-responder.js';
import { HealthRouteReporter } from './http/health-route-reporter.js';
import { HttpLifecycle } from './http/http-lifecycle.js';
import { NoStoreHeader } from './http/no-store-header.js';
import { ImportedOnce } from './imported-once.js';
import { Availability } from './lifecycle/availability.js';
import { HealthLifecycle } from './lifecycle/health-lifecycle.js';
import { ShutdownCoordinator } from './lifecycle/shutdown-coordinator.js';
import { StartupChecks } from './lifecycle/startup-checks.js';
import { StartupLatch } from './lifecycle/startup-latch.js';
import { metricsProviders } from './metrics/metrics-providers.js';
import { HealthService } from './probes/health.service.js';
import { ProbeEvaluator } from './probes/probe-evaluator.js';
import { CurrentReports } from './server/current-reports.js';
import { ProbeServer } from './server/probe-server.js';
import { SystemSampler } from './system/system-sampler.js';

const ASYNC_KEYS: ReadonlySet<string> = new Set(['useFactory', 'useClass', 'useExisting', 'inject', 'imports', 'provideInjectionTokensFrom']);

const providers: Provider[] = [
  ImportedOnce,
  {
    provide: RESOLVED_HEALTH_OPTIONS,
    useFactory: (options: unknown) => resolveRuntimeOptions(options),
    inject: [HEALTH_MODULE_OPTIONS],
  },
  { provide: CHECK_DEFAULTS, useFactory: (options: ResolvedHealthOptions) => options.defaults, inject: [RESOLVED_HEALTH_OPTIONS] },
  { provide: SystemSampler, useFactory: () => new SystemSampler() },
  HealthEvents,
  CheckObservers,
  CheckRegistry,
  CheckOrchestrator,
  CheckStates,
  CheckExplorer,
  CheckHistories,
  HealthRegistry,
  StartupLatch,
  Availability,
  StartupChecks,
  HealthLifecycle,
  ShutdownCoordinator,
  ProbeEvaluator,
  HealthService,
  HealthAnswers,
  HealthResponder,
  HealthRouteReporter,
  NoStoreHeader,
  HttpLifecycle,
  ModuleGrpcHealthSource,
  GrpcHealthBinding,
  ...metricsProviders,
  CurrentReports,
  ProbeServer,
];

/** Runtime options, with a sentence for static options returned by a factory (they cannot shape routes from there). */
function resolveRuntimeOptions(options: unknown): ResolvedHealthOptions {
  if (options !== null && typeof options === 'object') {
    const misplaced = Object.keys(options).find((key) => STATIC_OPTION_KEYS.has(key));
    if (misplaced !== undefined) throw new Error(optionMessages.staticInFactory(misplaced));
  }
  return resolveModuleOptions(options);
}

/**
 * `HealthModule.forRoot(options)` / `forRootAsync({ useFactory, inject, imports, ...static })`: discovers
 * every @HealthCheck and serves live, ready, startup and a guarded deep route.
 */
@Module({ imports: [DiscoveryModule], providers, exports: [HealthService, HealthRegistry, RESOLVED_HEALTH_OPTIONS, ShutdownCoordinator] })
export class HealthModule extends ConfigurableHealthModule {
  static override forRoot(options: typeof HEALTH_OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }

  static override forRootAsync(options: typeof HEALTH_ASYNC_OPTIONS_TYPE): DynamicModule {
    // a runtime option next to useFactory would be silently dropped by the builder: say where it belongs
    const misplaced = Object.keys(options ?? {}).find((key) => !ASYNC_KEYS.has(key) && !STATIC_OPTION_KEYS.has(key));
    if (misplaced !== undefined) throw new Error(optionMessages.runtimeBesideFactory(misplaced));
    return super.forRootAsync(options);
  }
}
ImportedOnce.module = HealthModule;

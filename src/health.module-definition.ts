import { ConfigurableModuleBuilder, type DynamicModule } from '@nestjs/common';
import type { HealthModuleOptions } from './health.options.js';
import { resolveStaticOptions, STATIC_DEFAULTS, type HealthStaticOptions, type ResolvedStaticOptions } from './health-static-options.js';
import { RESOLVED_STATIC_OPTIONS } from './health.tokens.js';
import { createHealthController } from './http/health-controller.factory.js';
import { openApiProviders } from './http/openapi/health-openapi.js';

/**
 * The static options are the builder's extras with their defaults: resolved and validated once, here, and
 * handed to the parts that shape routes through RESOLVED_STATIC_OPTIONS; the builder keeps them out of the
 * runtime options.
 */
export const {
  ConfigurableModuleClass: ConfigurableHealthModule,
  MODULE_OPTIONS_TOKEN: HEALTH_MODULE_OPTIONS,
  OPTIONS_TYPE: HEALTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: HEALTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<HealthModuleOptions>({ moduleName: 'Health' })
  .setClassMethodName('forRoot')
  .setExtras<HealthStaticOptions>(STATIC_DEFAULTS, (definition, extras) => withStaticOptions(definition, resolveStaticOptions(extras)))
  .build();

/** The controller is built once from the resolved static options; OpenAPI decoration only when it is on. */
function withStaticOptions(definition: DynamicModule, options: ResolvedStaticOptions): DynamicModule {
  const controller = createHealthController(options);
  return {
    ...definition,
    global: options.isGlobal,
    // forRootAsync's own `imports` are already in the definition; forRoot's come from the extras
    imports: [...new Set([...(definition.imports ?? []), ...options.imports])],
    controllers: [controller],
    providers: [
      ...(definition.providers ?? []),
      { provide: RESOLVED_STATIC_OPTIONS, useValue: options },
      ...(options.openapi ? openApiProviders(controller) : []),
    ],
  };
}

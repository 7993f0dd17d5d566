import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { HealthModule, type HealthStaticOptions } from 'nestjs-health';
import { definedEnvironment } from '../config/defined-environment.js';
import { validateEnvironment } from '../config/environment.js';
import { DeepRouteGuard } from './deep-route.guard.js';
import { DiskSpaceHealth } from './disk-space.health.js';
import { ExternalApiHealth } from './external-api.health.js';
import { healthOptions } from './health-options.js';

/** Where the probes are served: the app's own routes, or the probe server on `port` (thread mode) when it is set. */
export function probePlacement(port: number | undefined): HealthStaticOptions {
  // deep: on the app behind the sample's guard; on the probe server the module's token rule does the same (404 without a token)
  if (port === undefined) return { deep: { guards: [DeepRouteGuard] } };
  return { server: { port, thread: true } };
}

/**
 * The probes and the app-wide checks. The checks of a dependency live with it (`database`, `cache`); what belongs
 * to no feature (the disk, a third-party API) lives here.
 */
@Module({})
export class SampleHealthModule {
  /** The probes on the app's own server, or on the probe server when HEALTH_PORT is set. */
  static async register(): Promise<DynamicModule> {
    const { HEALTH_PORT } = await definedEnvironment(validateEnvironment);
    return {
      module: SampleHealthModule,
      imports: [
        HealthModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: healthOptions,
          // static: they shape the routes and servers, so they are given here, never returned by the factory
          ...probePlacement(HEALTH_PORT),
        }),
      ],
      providers: [DiskSpaceHealth, ExternalApiHealth],
    };
  }
}

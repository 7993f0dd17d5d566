import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { HealthModule } from 'nestjs-health';
import { DeepRouteGuard } from './deep-route.guard.js';
import { DiskSpaceHealth } from './disk-space.health.js';
import { ExternalApiHealth } from './external-api.health.js';
import { healthOptions } from './health-options.js';

/**
 * The probes and the app-wide checks. The checks of a dependency live with it (`database`, `cache`); what belongs
 * to no feature (the disk, a third-party API) lives here.
 */
@Module({
  imports: [
    HealthModule.forRootAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: healthOptions,
      // static: it shapes the generated controller, so it is given here, never returned by the factory
      deep: { guards: [DeepRouteGuard] },
    }),
  ],
  providers: [DiskSpaceHealth, ExternalApiHealth],
})
export class SampleHealthModule {}

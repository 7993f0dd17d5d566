import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { HealthModule } from 'nestjs-health';
import { validateEnvironment, type Environment } from '../config/environment.js';
import { DiskSpaceHealth } from '../health/disk-space.health.js';
import { ExternalApiHealth } from '../health/external-api.health.js';
import { healthOptions } from '../health/health-options.js';
import { NotesGrpcModule } from './notes-grpc.module.js';

/** The gRPC flavour of the sample (a second entry point, src/grpc/main.ts): the same checks, served over gRPC. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: validateEnvironment, skipProcessEnv: true }),
    HealthModule.forRootAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        ...healthOptions(config),
        // no HTTP server to scrape here
        metrics: false,
        // notes.NotesService answers SERVING while the database does; readiness ("") adds every critical check
        grpc: { services: { 'notes.NotesService': ['database'] } },
      }),
    }),
    NotesGrpcModule,
  ],
  providers: [DiskSpaceHealth, ExternalApiHealth],
})
export class GrpcAppModule {}

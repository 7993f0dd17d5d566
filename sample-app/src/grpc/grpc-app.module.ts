import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from 'nestjs-health';
import { cacheProvider, databaseProvider, databaseQueryTimeoutMs } from '../app.module.js';
import { CacheHealth } from '../cache/cache.health.js';
import { CacheStats } from '../cache/cache-stats.js';
import type { SampleConfig } from '../config.js';
import { databaseHealth } from '../database/database.health.js';
import { DiskSpaceHealth } from '../disk/disk-space.health.js';
import { NotesRepository } from '../notes/notes.repository.js';
import { NotesService } from '../notes/notes.service.js';
import { SAMPLE_CONFIG } from '../sample.tokens.js';
import { NotesGrpcController } from './notes.grpc-controller.js';

/** The gRPC flavour of the notes sample: the same feature and checks, served as notes.NotesService. */
@Module({})
export class GrpcAppModule {
  static forConfig(config: SampleConfig): DynamicModule {
    const check = config.dbCheckIntervalMs !== undefined
      ? { interval: config.dbCheckIntervalMs, probes: config.dbCheckProbes }
      : { ttl: config.dbCheckTtlMs, probes: config.dbCheckProbes };
    return {
      module: GrpcAppModule,
      imports: [
        HealthModule.forRoot({
          version: config.version,
          defaults: { timeout: config.checkTimeoutMs },
          shutdown: config.drainMs === undefined ? undefined : { drainMs: config.drainMs },
          // notes.NotesService answers SERVING while the database does; readiness ("") adds every critical check
          grpc: { services: { 'notes.NotesService': ['database'] } },
        }),
      ],
      controllers: [NotesGrpcController],
      providers: [
        { provide: SAMPLE_CONFIG, useValue: config },
        databaseProvider(config),
        cacheProvider(config),
        CacheStats,
        NotesRepository,
        NotesService,
        databaseHealth({ check, queryTimeoutMs: databaseQueryTimeoutMs(config.checkTimeoutMs) }),
        CacheHealth,
        DiskSpaceHealth,
      ],
    };
  }
}

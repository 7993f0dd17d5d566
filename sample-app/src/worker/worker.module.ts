import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { HealthModule } from 'nestjs-health';
import { AnalysisRepository } from '../analysis/analysis.repository.js';
import { NoteAnalyser } from '../analysis/note-analyser.js';
import { definedEnvironment } from '../config/defined-environment.js';
import { DatabaseModule } from '../database/database.module.js';
import { healthOptions } from '../health/health-options.js';
import { NotesRepository } from '../notes/notes.repository.js';
import { AnalysisConsumer } from './analysis.consumer.js';
import { WorkerConnections } from './worker-connections.js';
import { validateWorkerEnvironment, type WorkerEnvironment } from './worker-environment.js';

/** The probes of a process with no HTTP server: the probe server on HEALTH_PORT, in a worker thread. */
async function workerHealthModule() {
  const { HEALTH_PORT } = await definedEnvironment(validateWorkerEnvironment);
  return HealthModule.forRootAsync({
    imports: [ConfigModule],
    inject: [ConfigService],
    // the drain defaults to 0 here: a consumer has no Service endpoints to leave, and holding its close keeps it taking jobs
    useFactory: (config: ConfigService<WorkerEnvironment, true>) => healthOptions(config),
    // thread mode: a job that blocks the event loop delays no probe; liveness fails only if the loop stops for stallMs.
    // metrics: the worker has no other HTTP server for Prometheus to scrape
    server: { port: HEALTH_PORT, thread: true, metrics: true },
  });
}

/**
 * The worker (a second entry point, src/worker/main.ts): a standalone application context that consumes the
 * analysis jobs the HTTP app queues in Redis and writes the results to the same database.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: validateWorkerEnvironment, skipProcessEnv: true }),
    workerHealthModule(),
    DatabaseModule,
  ],
  providers: [WorkerConnections, NotesRepository, AnalysisRepository, NoteAnalyser, AnalysisConsumer],
})
export class WorkerModule {}

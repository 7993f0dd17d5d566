import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { enableHealthShutdown } from 'nestjs-health';
import { ANALYSIS_QUEUE } from '../analysis/analysis-jobs.js';
import { sampleMessages } from '../sample.messages.js';
import type { WorkerEnvironment } from './worker-environment.js';
import { WorkerModule } from './worker.module.js';

try {
  // an application context: no HTTP server of its own; the probe server starts at module init
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['log', 'warn', 'error', 'fatal'], abortOnError: false });
  // no HTTP adapter to hold the drain in: SIGTERM → readiness 503 at once → DRAIN_MS (default 0) → the jobs in
  // hand finish → connections and pool closed → the probe server last → exit by the signal
  enableHealthShutdown(app);
  const config = app.get<ConfigService<WorkerEnvironment, true>>(ConfigService);
  // the one line tests and humans wait for
  process.stdout.write(`${sampleMessages.workerConsuming(ANALYSIS_QUEUE, config.get('WORKER_CONCURRENCY', { infer: true }), config.get('HEALTH_PORT', { infer: true }))}\n`);
} catch (error) {
  process.stderr.write(`${sampleMessages.workerStartFailed(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
}

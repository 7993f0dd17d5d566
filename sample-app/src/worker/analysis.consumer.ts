import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type Job, Worker } from 'bullmq';
import { checkRedis, HealthCheck, type HealthCheckContext, watchBullMQWorker, type BullMQWorkerWatch } from 'nestjs-health';
import { ANALYSIS_QUEUE, type AnalysisJobData } from '../analysis/analysis-jobs.js';
import { NoteAnalyser } from '../analysis/note-analyser.js';
import { sampleMessages } from '../sample.messages.js';
import { WorkerConnections } from './worker-connections.js';
import type { WorkerEnvironment } from './worker-environment.js';

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The worker's consumer: a BullMQ Worker on the analysis queue, and its two checks — `analysis_worker` in liveness
 * (jobs wait and none has started, finished or progressed for JOB_STUCK_AFTER_MS: a restart is the cure) and
 * `redis` in readiness (the client it consumes through). The database check comes with DatabaseModule.
 */
@Injectable()
export class AnalysisConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Worker');
  private readonly worker: Worker<AnalysisJobData>;
  private readonly progress: BullMQWorkerWatch;

  constructor(
    private readonly connections: WorkerConnections,
    private readonly analyser: NoteAnalyser,
    config: ConfigService<WorkerEnvironment, true>,
  ) {
    const concurrency = config.get('WORKER_CONCURRENCY', { infer: true });
    // created stopped: nothing is consumed before the app has booted
    this.worker = new Worker(ANALYSIS_QUEUE, (job) => this.process(job), { connection: connections.jobs, concurrency, autorun: false });
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (job, error) => this.logger.warn(sampleMessages.analysisFailed(job?.data.noteId ?? Number.NaN, reasonOf(error))));
    this.progress = watchBullMQWorker(this.worker, {
      queue: connections.backlog,
      stuckAfterMs: config.get('JOB_STUCK_AFTER_MS', { infer: true }),
      // an unanswered count must be "unknown" before the check itself times out: a timed-out liveness check fails
      readTimeoutMs: Math.max(1, Math.floor(config.get('CHECK_TIMEOUT_MS', { infer: true }) / 2)),
    });
  }

  onApplicationBootstrap(): void {
    // run() settles only when the worker closes
    this.worker.run().catch((error: unknown) => this.logger.error(sampleMessages.workerStartFailed(reasonOf(error))));
  }

  @HealthCheck({ name: 'analysis_worker', probes: ['live'] })
  consuming(ctx: HealthCheckContext) {
    return this.progress.check(ctx);
  }

  @HealthCheck({ name: 'redis' })
  redis(ctx: HealthCheckContext) {
    return checkRedis(this.connections.jobs, ctx);
  }

  /** After the drain (0 for a worker): the jobs in hand finish, then the connections and the pool close. */
  async onModuleDestroy(): Promise<void> {
    this.progress.close();
    await this.worker.close();
  }

  private async process(job: Job<AnalysisJobData>): Promise<{ word_count: number } | { skipped: string }> {
    const analysis = await this.analyser.analyse(job.data.noteId);
    return analysis ? { word_count: analysis.word_count } : { skipped: 'the note no longer exists' };
  }
}

import { ServiceUnavailableException, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { sampleMessages } from '../sample.messages.js';
import { ANALYSIS_JOB, ANALYSIS_QUEUE, AnalysisQueue, analysisJobId, type AnalysisJobData, type QueuedAnalysis } from './analysis-jobs.js';

const COMMAND_TIMEOUT_MS = 1000;
const RECONNECT_MAX_MS = 500;
const CLOSE_WAIT_MS = 1000;
// a failed job is tried twice more, a second and then two seconds later; finished jobs leave Redis
const JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 1000 };

/**
 * The producer side of the analysis queue: BullMQ on Redis, failing fast like the cache — no offline queue and a
 * command timeout, so a request is answered 503 at once while Redis is away instead of waiting for it.
 */
export class BullMQAnalysisQueue extends AnalysisQueue implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queue: Queue<AnalysisJobData>;

  constructor(url: string) {
    super();
    this.connection = new Redis(url, {
      connectionName: 'notes-api:jobs',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: COMMAND_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_MAX_MS),
    });
    // the cache already logs whether Redis is reachable; here an unreachable Redis is a 503 on the request
    this.connection.on('error', () => undefined);
    this.queue = new Queue(ANALYSIS_QUEUE, { connection: this.connection, defaultJobOptions: JOB_OPTIONS });
    this.queue.on('error', () => undefined);
  }

  async enqueue(noteId: number): Promise<QueuedAnalysis> {
    // BullMQ waits for a connection that is not ready yet; the request should not
    if (this.connection.status !== 'ready') throw new ServiceUnavailableException(sampleMessages.jobQueueUnavailable());
    try {
      const job = await this.queue.add(ANALYSIS_JOB, { noteId }, { jobId: analysisJobId(noteId) });
      return { note_id: noteId, job_id: job.id ?? analysisJobId(noteId), runs_in: 'worker' };
    } catch {
      throw new ServiceUnavailableException(sampleMessages.jobQueueUnavailable());
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // a hung Redis never acknowledges; do not let it hold the shutdown
    await Promise.race([this.queue.close().catch(() => undefined), sleep(CLOSE_WAIT_MS, undefined, { ref: false })]);
    this.connection.disconnect();
  }
}

import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { ANALYSIS_QUEUE, type AnalysisJobData } from '../analysis/analysis-jobs.js';
import type { WorkerEnvironment } from './worker-environment.js';

const RECONNECT_MAX_MS = 500;
const CLOSE_WAIT_MS = 1000;
const reconnect = (attempt: number) => Math.min(attempt * 100, RECONNECT_MAX_MS);

/**
 * The worker's two ways into Redis, each named so CLIENT LIST tells them apart. `jobs` is what the BullMQ Worker
 * consumes through (BullMQ opens its blocking connection from it) and what the `redis` check PINGs. `backlog` is
 * a Queue on a connection of its own for the progress check's waiting count, failing fast: while Redis is away
 * the count is unknown at once (never "stuck"), and a consuming connection that hangs cannot hide the backlog.
 */
@Injectable()
export class WorkerConnections implements OnApplicationShutdown {
  readonly jobs: Redis;
  readonly backlog: Queue<AnalysisJobData>;
  private readonly backlogConnection: Redis;

  constructor(config: ConfigService<WorkerEnvironment, true>) {
    const url = config.get('REDIS_URL', { infer: true });
    // BullMQ requires maxRetriesPerRequest: null on a Worker's connection
    this.jobs = new Redis(url, { connectionName: 'notes-worker:jobs', maxRetriesPerRequest: null, retryStrategy: reconnect });
    this.backlogConnection = new Redis(url, {
      connectionName: 'notes-worker:backlog',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: reconnect,
    });
    // the `redis` check reports reachability (and logs each transition once); no log line per failed reconnect
    for (const client of [this.jobs, this.backlogConnection]) client.on('error', () => undefined);
    this.backlog = new Queue(ANALYSIS_QUEUE, { connection: this.backlogConnection });
    this.backlog.on('error', () => undefined);
  }

  /** After every onModuleDestroy, so the Worker has finished its jobs and closed. */
  async onApplicationShutdown(): Promise<void> {
    // a hung Redis never acknowledges; do not let it hold the shutdown
    await Promise.race([this.backlog.close().catch(() => undefined), sleep(CLOSE_WAIT_MS, undefined, { ref: false })]);
    this.backlogConnection.disconnect();
    this.jobs.disconnect();
  }
}

import { isBullQueue, type BullMQQueueLike } from './bullmq-queue.indicator.js';
import type { IndicatorContext } from './indicator-context.js';
import { indicatorMessages } from './indicator.messages.js';
import { refuseUnknownKeys } from './indicator-options.js';
import { progressTracker, type WorkerProgressDetails } from './worker-progress.js';

type JobEvent = 'active' | 'completed' | 'failed' | 'progress';
type JobListener = () => void;

/** The part of a BullMQ `Worker` the watch calls; any object of this shape fits. */
export interface BullMQWorkerLike {
  readonly name: string;
  on(event: JobEvent, listener: JobListener): unknown;
  off(event: JobEvent, listener: JobListener): unknown;
  isRunning(): boolean;
  isPaused(): boolean;
}

export interface BullMQWorkerWatchOptions {
  /** a `Queue` of the worker's queue the app already has: its waiting count is read over its connection */
  queue: BullMQQueueLike;
  /** ms without a job starting, finishing or reporting progress while jobs wait; then the worker is stuck */
  stuckAfterMs: number;
  /** ms the waiting count may take before it counts as unknown (never stuck); 250 */
  readTimeoutMs?: number;
}

export type BullMQWorkerDetails = WorkerProgressDetails & {
  running: boolean;
  paused: boolean;
  /** the queue is paused: nothing is expected to be consumed, so nothing counts as waiting */
  queue_paused?: boolean;};

export interface BullMQWorkerWatch {
  /** The worker-progress verdict plus the worker's running/paused state. */
  check(ctx?: IndicatorContext): Promise<BullMQWorkerDetails>;
  /** Removes the watch's listeners from the worker (from `onModuleDestroy`). */
  close(): void;
}

const OPTIONS = ['queue', 'stuckAfterMs', 'readTimeoutMs'];

function isBullWorker(value: unknown): value is BullMQWorkerLike {
  const candidate = value as Partial<BullMQWorkerLike> | null | undefined;
  return ['on', 'off', 'isRunning', 'isPaused'].every((method) => typeof candidate?.[method as keyof BullMQWorkerLike] === 'function');
}

/**
 * Watches the app's own BullMQ `Worker` through its events (`active`, `completed`, `failed`, `progress`)
 * and reads the waiting count of `queue`: stuck when jobs wait and nothing moved for `stuckAfterMs`;
 * never for being idle, never while the count cannot be read. Listeners are added once, here.
 */
export function watchBullMQWorker(worker: BullMQWorkerLike, options: BullMQWorkerWatchOptions): BullMQWorkerWatch {
  if (!isBullWorker(worker)) throw new Error(indicatorMessages.notABullWorker(worker));
  refuseUnknownKeys('watchBullMQWorker', options, OPTIONS);
  const { queue, stuckAfterMs, readTimeoutMs } = options;
  if (!isBullQueue(queue)) throw new Error(indicatorMessages.notABullQueue('watchBullMQWorker', queue));

  let queuePaused = false;
  const tracker = progressTracker('watchBullMQWorker', {
    stuckAfterMs,
    ...(readTimeoutMs === undefined ? {} : { readTimeoutMs }),
    waiting: async () => {
      const [counts, paused] = await Promise.all([queue.getJobCounts('waiting', 'prioritized'), queue.isPaused()]);
      queuePaused = paused;
      return paused ? 0 : (counts.waiting ?? 0) + (counts.prioritized ?? 0);
    },
  });
  const onStarted = () => tracker.started();
  const onFinished = () => tracker.finished();
  const onProgress = () => tracker.progressed();
  const listeners: [JobEvent, JobListener][] = [
    ['active', onStarted],
    ['completed', onFinished],
    ['failed', onFinished],
    ['progress', onProgress],
  ];
  for (const [event, listener] of listeners) worker.on(event, listener);

  return {
    async check(ctx) {
      const progress = await tracker.check(ctx);
      return { ...progress, running: worker.isRunning(), paused: worker.isPaused(), ...(queuePaused && progress.waiting !== null ? { queue_paused: true } : {}) };
    },
    close() {
      for (const [event, listener] of listeners) worker.off(event, listener);
    },
  };
}

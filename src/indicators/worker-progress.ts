import type { IndicatorContext } from './indicator-context.js';
import { indicatorMessages } from './indicator.messages.js';
import { round1 } from '../round.js';
import { optionalPositiveMs, refuseUnknownKeys } from './indicator-options.js';
import { describeNetworkError } from './network-error.js';
import { redactUrls } from './redacted-url.js';
import { joinOutstanding } from './outstanding-call.js';
import { readWithin } from './read-within.js';

export interface WorkerProgressOptions {
  /**
   * How many jobs wait for this worker, from the broker. A throw, a rejection, a value that is not a
   * count, or no answer within `readTimeoutMs` means "unknown" — and unknown is never stuck.
   */
  waiting: () => number | Promise<number>;
  /** ms without a start, finish or progress report while work waits, after which the worker is stuck */
  stuckAfterMs: number;
  /** ms the `waiting` read may take before it counts as unknown; 250 — keep it below the check's timeout */
  readTimeoutMs?: number;
}

export type WorkerProgressDetails = {
  /** jobs waiting, or null when the broker could not say (then the worker is not judged) */
  waiting: number | null;
  /** ms since a job last started, finished or reported progress; null before the first */
  last_activity_ms: number | null;
  stuck_after_ms: number;
  /** why the waiting count is unknown; deep probe only (a broker's error may name hosts) */
  waiting_error?: string;
  healthy?: false;
  message?: string;};

/** Tells a worker that stopped consuming from one that is busy or idle. */
export interface WorkerProgressTracker {
  /** a job started */
  started(): void;
  /** a job finished, succeeded or failed */
  finished(): void;
  /** a job in progress reported that it moves */
  progressed(): void;
  /**
   * Failed when jobs have been waiting and nothing started, finished or progressed for `stuckAfterMs`;
   * healthy when idle, busy, or when the waiting count cannot be read (a broker outage restarts no worker).
   */
  check(ctx?: IndicatorContext): Promise<WorkerProgressDetails>;
}

const OPTIONS = ['waiting', 'stuckAfterMs', 'readTimeoutMs'];
const DEFAULT_READ_TIMEOUT_MS = 250;

type WaitingRead = { readonly count: number } | { readonly error: string };

class ProgressTracker implements WorkerProgressTracker {
  private lastActivity: number | undefined;
  /** when the current stretch of waiting work was first seen: the quiet time never counts from before it */
  private waitingSince: number | undefined;

  constructor(
    private readonly readWaiting: () => number | Promise<number>,
    private readonly stuckAfterMs: number,
    private readonly readTimeoutMs: number,
  ) {}

  started(): void {
    this.lastActivity = performance.now();
  }

  finished(): void {
    this.lastActivity = performance.now();
  }

  progressed(): void {
    this.lastActivity = performance.now();
  }

  async check(ctx: IndicatorContext = {}): Promise<WorkerProgressDetails> {
    const read = await this.waiting(ctx.signal);
    const now = performance.now();
    const details: WorkerProgressDetails = {
      waiting: 'count' in read ? read.count : null,
      last_activity_ms: this.lastActivity === undefined ? null : round1(now - this.lastActivity),
      stuck_after_ms: this.stuckAfterMs,
    };
    if ('error' in read || read.count === 0) {
      // after an outage or an idle spell the worker gets a full stuckAfterMs from the next sight of work
      this.waitingSince = undefined;
      if ('error' in read && ctx.probe === 'deep') details.waiting_error = read.error;
      return details;
    }
    this.waitingSince ??= now;
    const quietMs = now - Math.max(this.waitingSince, this.lastActivity ?? -Infinity);
    if (quietMs >= this.stuckAfterMs) {
      details.healthy = false;
      details.message = indicatorMessages.workerStuck(read.count, quietMs);
    }
    return details;
  }

  private async waiting(signal: AbortSignal | undefined): Promise<WaitingRead> {
    try {
      const count = await readWithin(joinOutstanding(this, 'waiting', async () => this.readWaiting()), this.readTimeoutMs, signal);
      if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) return { error: indicatorMessages.waitingNotANumber(count) };
      return { count };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      return { error: redactUrls(describeNetworkError(error)) };
    }
  }
}

/**
 * A worker-progress check of your own queue consumer: call `started()`, `finished()` (in a `finally`) and
 * `progressed()` from it, give a `waiting()` reader, and return `check(ctx)` from a liveness check.
 */
export function trackWorkerProgress(options: WorkerProgressOptions): WorkerProgressTracker {
  refuseUnknownKeys('trackWorkerProgress', options, OPTIONS);
  return progressTracker('trackWorkerProgress', options);
}

/** The tracker behind `trackWorkerProgress` and the BullMQ watch; messages name the caller's function. */
export function progressTracker(indicator: string, options: WorkerProgressOptions): WorkerProgressTracker {
  if (typeof options?.waiting !== 'function') throw new Error(indicatorMessages.notAFunction(indicator, 'waiting', options?.waiting));
  const stuckAfterMs = optionalPositiveMs(indicator, 'stuckAfterMs', options.stuckAfterMs);
  if (stuckAfterMs === undefined) {
    throw new Error(indicatorMessages.invalidIndicatorOption(indicator, 'stuckAfterMs', 'is required: a positive number of ms', undefined));
  }
  const readTimeoutMs = optionalPositiveMs(indicator, 'readTimeoutMs', options.readTimeoutMs) ?? DEFAULT_READ_TIMEOUT_MS;
  return new ProgressTracker(options.waiting, stuckAfterMs, readTimeoutMs);
}

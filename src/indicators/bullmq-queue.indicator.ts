import { abandonOnAbort } from '../abandon-on-abort.js';
import { bullConnectionStatus, type BullMQConnectionHolder } from './bullmq-connection.js';
import type { IndicatorContext } from './indicator-context.js';
import { indicatorMessages } from './indicator.messages.js';
import { optionalThreshold, refuseUnknownKeys } from './indicator-options.js';
import { describeNetworkError } from './network-error.js';
import { redactUrls } from './redacted-url.js';
import { joinOutstanding } from './outstanding-call.js';
import { statusPhase } from './redis-client.js';
import { DEFAULT_REDIS_GRACE_MS } from './redis.indicator.js';
import { redisStateVerdict } from './redis-state-verdict.js';

/** The part of a BullMQ `Queue` (5 or 6) the checks call; any object of this shape fits. */
export interface BullMQQueueLike extends BullMQConnectionHolder {
  readonly name: string;
  getJobCounts(...types: ('waiting' | 'prioritized' | 'active' | 'failed' | 'delayed')[]): Promise<Record<string, number>>;
  isPaused(): Promise<boolean>;
}

export type BullMQCountedState = 'waiting' | 'active' | 'failed' | 'delayed';

export interface BullMQQueueCheckOptions {
  /** ms a reconnecting connection is reported degraded before it counts as failed; 10 000 */
  graceMs?: number;
  /** degraded (never failed: a backlog is a reason to scale, not to leave the load balancer) above these counts */
  degradedAbove?: Partial<Record<BullMQCountedState, number>>;
}

export type BullMQQueueDetails = {
  /** the queue connection's status word, when BullMQ exposes its client */
  status?: string;
  connected: boolean;
  /** waiting + prioritized: jobs ready for a worker */
  waiting?: number;
  active?: number;
  failed?: number;
  delayed?: number;
  paused?: boolean;
  healthy?: false;
  degraded?: true;
  message?: string;};

const OPTIONS = ['graceMs', 'degradedAbove'];
const COUNTED: readonly BullMQCountedState[] = ['waiting', 'active', 'failed', 'delayed'];

export function isBullQueue(value: unknown): value is BullMQQueueLike {
  const candidate = value as Partial<BullMQQueueLike> | null | undefined;
  return typeof candidate?.getJobCounts === 'function' && typeof candidate.isPaused === 'function';
}

/**
 * The app's own BullMQ `Queue`: its connection state and its waiting/active/failed/delayed counts, read
 * over the queue's own connection (one read outstanding per queue, abandoned when `ctx.signal` aborts).
 * A reconnecting connection is degraded for `graceMs`, then failed; a failed read is thrown.
 */
export async function checkBullMQQueue(queue: BullMQQueueLike, ctx: IndicatorContext = {}, options: BullMQQueueCheckOptions = {}): Promise<BullMQQueueDetails> {
  if (!isBullQueue(queue)) throw new Error(indicatorMessages.notABullQueue('checkBullMQQueue', queue));
  refuseUnknownKeys('checkBullMQQueue', options, OPTIONS);
  const graceMs = optionalThreshold('checkBullMQQueue', 'graceMs', options.graceMs) ?? DEFAULT_REDIS_GRACE_MS;
  const thresholds = degradedAbove(options.degradedAbove);

  const status = await bullConnectionStatus(queue);
  if (status !== undefined) {
    const verdict = redisStateVerdict(queue, statusPhase(status), graceMs);
    if (verdict !== undefined) return { ...verdict };
  }
  let counts: Record<string, number>;
  let paused: boolean;
  try {
    [counts, paused] = await abandonOnAbort(
      joinOutstanding(queue, 'counts', () => Promise.all([queue.getJobCounts('waiting', 'prioritized', 'active', 'failed', 'delayed'), queue.isPaused()])),
      ctx.signal,
    );
  } catch (error) {
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    throw new Error(indicatorMessages.bullCountsFailed(queue.name, redactUrls(describeNetworkError(error))), { cause: error });
  }
  const details: BullMQQueueDetails = {
    ...(status === undefined ? {} : { status }),
    connected: true,
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    failed: counts.failed ?? 0,
    delayed: counts.delayed ?? 0,
    paused,
  };
  for (const state of COUNTED) {
    const threshold = thresholds[state];
    const count = details[state] ?? 0;
    if (threshold === undefined || count <= threshold) continue;
    details.degraded = true;
    details.message = indicatorMessages.bullAboveThreshold(queue.name, state, count, threshold);
    break;
  }
  return details;
}

function degradedAbove(value: unknown): Partial<Record<BullMQCountedState, number>> {
  if (value === undefined) return {};
  refuseUnknownKeys('checkBullMQQueue degradedAbove', value, COUNTED);
  const given = value as Record<string, unknown>;
  const thresholds: Partial<Record<BullMQCountedState, number>> = {};
  for (const state of COUNTED) thresholds[state] = optionalThreshold('checkBullMQQueue', `degradedAbove.${state}`, given[state]);
  return thresholds;
}

import type { IntervalHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { indicatorMessages } from './indicator.messages.js';
import { loopDelayMs, LOOP_RESOLUTION_MS, startLoopMonitor } from '../system/event-loop-delay.js';
import { round1 } from '../round.js';
import { optionalThreshold, refuseUnknownKeys } from './indicator-options.js';

export interface EventLoopDelayOptions {
  /** fail when the delay at `percentile` exceeds this many ms */
  maxMs?: number;
  /** 0-100; 99 */
  percentile?: number;
  /** the check's `ctx.signal`: only the very first call waits, for a few samples */
  signal?: AbortSignal;
}

export type EventLoopDelayDetails = {
  event_loop_delay_ms: number;
  threshold_ms?: number;};

let monitor: IntervalHistogram | undefined;

/**
 * Event-loop delay (p99 by default) since the previous call, from one shared `monitorEventLoopDelay`
 * started on first use. Throws above `maxMs`. A blocked loop is a liveness signal only when it lasts.
 */
export async function checkEventLoopDelay(options: EventLoopDelayOptions = {}): Promise<EventLoopDelayDetails> {
  refuseUnknownKeys('checkEventLoopDelay', options, ['maxMs', 'percentile', 'signal']);
  const maxMs = optionalThreshold('checkEventLoopDelay', 'maxMs', options.maxMs);
  const percentile = optionalThreshold('checkEventLoopDelay', 'percentile', options.percentile, 100) ?? 99;
  if (monitor === undefined) {
    monitor = startLoopMonitor();
    await sleep(LOOP_RESOLUTION_MS * 5, undefined, { signal: options.signal, ref: false });
  }
  const delay = loopDelayMs(monitor, percentile);
  monitor.reset();
  const details: EventLoopDelayDetails = { event_loop_delay_ms: round1(delay) };
  if (maxMs !== undefined) {
    details.threshold_ms = maxMs;
    if (delay > maxMs) throw new Error(indicatorMessages.eventLoopDelayAboveMaximum(percentile, details.event_loop_delay_ms, maxMs));
  }
  return details;
}

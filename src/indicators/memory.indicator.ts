import { getHeapStatistics } from 'node:v8';
import { indicatorMessages } from './indicator.messages.js';
import { round1 } from '../round.js';
import { optionalThreshold, refuseUnknownKeys } from './indicator-options.js';

const MB = 1024 * 1024;

export interface MemoryOptions {
  /** fail when the V8 heap in use exceeds this many MB */
  maxHeapMb?: number;
  /** fail when the resident set size exceeds this many MB */
  maxRssMb?: number;
}

export type MemoryDetails = {
  heap_used_mb: number;
  heap_limit_mb: number;
  rss_mb: number;
  heap_threshold_mb?: number;
  rss_threshold_mb?: number;};

/**
 * The process's memory: V8 heap in use (against its limit) and RSS, in MB. Throws when a threshold is
 * exceeded. Keep it out of liveness unless a restart is really what a high figure calls for.
 */
export function checkMemory(options: MemoryOptions = {}): MemoryDetails {
  refuseUnknownKeys('checkMemory', options, ['maxHeapMb', 'maxRssMb']);
  const maxHeapMb = optionalThreshold('checkMemory', 'maxHeapMb', options.maxHeapMb);
  const maxRssMb = optionalThreshold('checkMemory', 'maxRssMb', options.maxRssMb);
  const { heapUsed, rss } = process.memoryUsage();
  const details: MemoryDetails = {
    heap_used_mb: round1(heapUsed / MB),
    heap_limit_mb: round1(getHeapStatistics().heap_size_limit / MB),
    rss_mb: round1(rss / MB),
  };
  if (maxHeapMb !== undefined) {
    details.heap_threshold_mb = maxHeapMb;
    if (heapUsed / MB > maxHeapMb) throw new Error(indicatorMessages.memoryAboveMaximum('the heap in use', details.heap_used_mb, maxHeapMb));
  }
  if (maxRssMb !== undefined) {
    details.rss_threshold_mb = maxRssMb;
    if (rss / MB > maxRssMb) throw new Error(indicatorMessages.memoryAboveMaximum('RSS', details.rss_mb, maxRssMb));
  }
  return details;
}

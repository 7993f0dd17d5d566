import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** ms between the monitor's samples; each sample's timer wait is subtracted so an idle loop reads near 0 */
export const LOOP_RESOLUTION_MS = 10;

/** A `monitorEventLoopDelay` histogram; its values are ns between ticks, the resolution included. */
export function startLoopMonitor(): IntervalHistogram {
  const histogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  histogram.enable();
  return histogram;
}

/** The delay beyond the monitor's own timer at a percentile, in ms; 0 without samples. */
export function loopDelayMs(histogram: IntervalHistogram, percentile: number): number {
  if (histogram.count === 0) return 0;
  return Math.max(0, histogram.percentile(percentile) / 1e6 - LOOP_RESOLUTION_MS);
}

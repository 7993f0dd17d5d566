import autocannon from 'autocannon';
import { LatencySample } from './latency-sample.js';
import { percentileOfSorted, round } from './stats.js';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  /** seconds; ignored when `amount` is given */
  readonly durationSeconds?: number;
  /** stop after this many requests */
  readonly amount?: number;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly completed: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly seconds: number;
}

/** One autocannon run in this process (the servers live in their own processes), with exact percentiles. */
export function loadTest(options: LoadOptions): Promise<LoadResult> {
  const latencies = new LatencySample();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds ?? 10,
        amount: options.amount,
        // autocannon only notices the end of a run on a sample tick: 100 ms rather than 1 s keeps short runs short
        sampleInt: 100,
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const sorted = latencies.sorted();
        const seconds = result.duration;
        resolve({
          requestsPerSecond: round(result['2xx'] / seconds, 0),
          p50Ms: round(percentileOfSorted(sorted, 50), 2),
          p99Ms: round(percentileOfSorted(sorted, 99), 2),
          completed: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          seconds,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.add(responseTime);
    });
  });
}

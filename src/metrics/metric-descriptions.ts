/** What each exported metric means, said once for the prom-client and the OpenTelemetry exporter. */
export const METRIC_DESCRIPTIONS = {
  status: 'State of a health check after its latest run: 1 healthy, 0.5 degraded, 0 failed',
  duration: 'Duration of health check runs in seconds (cached results are not runs)',
  transitions: 'Changes of state of a health check (those changes$ emits), by the state it changed to',
  ready: 'Whether the ready probe would answer 200: 1 ready, 0 not',
} as const;

// health checks should answer in milliseconds; the top buckets catch timeouts (default 500 ms) and hangs
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

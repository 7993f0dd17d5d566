/** What our /health/ready answers in rows (d): the bare routes send the same JSON, so bodies are the same size. */
export const BARE_PAYLOAD = Object.freeze({
  status: 'ready',
  version: '1.2.3',
  uptime_seconds: 12,
  checks: {
    database: { healthy: true, latency_ms: 1.1, pool_size: 10, pool_available: 8 },
    cache: { healthy: true, latency_ms: 0.1 },
    queue: { healthy: true, latency_ms: 0, depth: 0 },
  },
});

/** The version our bench apps report, fixed so body sizes do not depend on how the bench was started. */
export const BENCH_VERSION = '1.2.3';

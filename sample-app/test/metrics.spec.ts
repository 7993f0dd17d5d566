import { startSample, type RunningSample } from './support/sample-app.js';

const BOOT_MS = 60_000;

describe('sample app /metrics', () => {
  let sample: RunningSample;

  beforeAll(async () => {
    sample = await startSample({});
  }, BOOT_MS);

  afterAll(async () => {
    await sample?.close();
  });

  it('serves the health metrics in Prometheus text format for a scraper', async () => {
    expect((await sample.get('/health/ready')).status).toBe(200);
    const answer = await sample.get('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const lines = answer.text.split('\n');
    expect(lines).toContain('health_ready 1');
    expect(lines).toContain('health_check_status{check="database"} 1');
    // no Redis: the in-process cache reports itself degraded
    expect(lines).toContain('health_check_status{check="cache"} 0.5');
    expect(lines).toContain('health_check_transitions_total{check="cache",to="degraded"} 1');
    expect(lines.some((line) => line.startsWith('health_check_duration_seconds_count{check="database"} '))).toBe(true);
  });
});

import { Injectable } from '@nestjs/common';
import { HealthCheck, HealthModule, HealthService, type HealthTransition } from '../../src/index.js';
import { type RunningApp, startApp } from '../support/http-app.js';
import { waitFor } from './lifecycle-support.js';

let running: RunningApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('failAfter', () => {
  it('reports the last good state with failing "k/N" until N consecutive failures, then failed', async () => {
    let up = true;
    @Injectable()
    class Upstream {
      @HealthCheck({ name: 'upstream', failAfter: 3 })
      ping() {
        return up ? { region: 'eu-west-1' } : { healthy: false, error: 'upstream answered 502' };
      }
    }
    running = await startApp('fastify', { imports: [HealthModule.forRoot()], providers: [Upstream] });
    const transitions: HealthTransition[] = [];
    running.app.get(HealthService).changes$.subscribe((event) => transitions.push(event));
    const probe = async () => {
      const answer = await running!.get('/health/ready');
      return { status: answer.status, entry: answer.json().checks.upstream };
    };

    expect(await probe()).toEqual({ status: 200, entry: { healthy: true, latency_ms: expect.any(Number), region: 'eu-west-1' } });
    up = false;
    expect(await probe()).toMatchObject({ status: 200, entry: { healthy: true, failing: '1/3', region: 'eu-west-1' } });
    expect(await probe()).toMatchObject({ status: 200, entry: { healthy: true, failing: '2/3', region: 'eu-west-1' } });
    const third = await probe();
    expect(third).toMatchObject({ status: 503, entry: { healthy: false, error: 'upstream answered 502' } });
    expect(third.entry.failing).toBeUndefined();
    expect(await probe()).toMatchObject({ status: 503, entry: { healthy: false } });

    up = true;
    const recovered = await probe();
    expect(recovered).toMatchObject({ status: 200, entry: { healthy: true } });
    expect(recovered.entry.failing).toBeUndefined();
    // one good run resets the count
    up = false;
    expect(await probe()).toMatchObject({ status: 200, entry: { healthy: true, failing: '1/3' } });

    // tolerated failures are not transitions: only the third failure and the recovery are
    expect(transitions.map(({ check, from, to }) => ({ check, from, to }))).toEqual([
      { check: 'upstream', from: 'healthy', to: 'failed' },
      { check: 'upstream', from: 'failed', to: 'healthy' },
    ]);
    expect(transitions[0].reason).toBe('upstream answered 502');
  });

  it('reports a check that has never passed as failed at once: there is no good state to fall back on', async () => {
    @Injectable()
    class NeverUp {
      @HealthCheck({ name: 'never_up', failAfter: 3 })
      ping() {
        return false;
      }
    }
    running = await startApp('fastify', { imports: [HealthModule.forRoot()], providers: [NeverUp] });
    const answer = await running.get('/health/ready');
    expect(answer.status).toBe(503);
    expect(answer.json().checks.never_up).toMatchObject({ healthy: false, error: 'check returned false' });
  });

  it('counts consecutive failed background runs of an interval check the same way', async () => {
    let runs = 0;
    @Injectable()
    class Flapping {
      @HealthCheck({ name: 'flapping', interval: 40, failAfter: 2 })
      ping() {
        runs += 1;
        if (runs > 1) throw new Error('connection reset');
      }
    }
    running = await startApp('fastify', { imports: [HealthModule.forRoot()], providers: [Flapping] });
    const tolerated = await waitFor('a tolerated failure', async () => {
      const entry = (await running!.get('/health/ready')).json().checks.flapping;
      return entry.failing === '1/2' ? entry : undefined;
    }, 3000, 2);
    expect(tolerated.healthy).toBe(true);
    const failed = await waitFor('the reported failure', async () => {
      const answer = await running!.get('/health/ready');
      return answer.status === 503 ? answer : undefined;
    }, 3000);
    expect(failed.json().checks.flapping).toMatchObject({ healthy: false, error: 'reason withheld' });
  });
});

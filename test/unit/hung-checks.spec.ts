import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check-defaults.js';
import { defineCheck } from '../../src/checks/check-definition.js';
import { CheckObservers } from '../../src/checks/check-observers.js';
import { CheckOrchestrator } from '../../src/checks/check-orchestrator.js';
import { CheckRegistry } from '../../src/checks/check-registry.js';
import { CheckRunner } from '../../src/checks/check-runner.js';
import { RunSlots } from '../../src/checks/run-slots.js';
import type { CheckOutcome, HealthCheckContext, HealthCheckOptions } from '../../src/checks/check.types.js';

const never = () => new Promise<never>(() => {});

function hungRunner(options: HealthCheckOptions) {
  const contexts: HealthCheckContext[] = [];
  const reported: CheckOutcome[] = [];
  const definition = defineCheck('Spec.db', 'db', (ctx) => (contexts.push(ctx), contexts.length === 1 ? undefined : never()), options, DEFAULT_CHECK_OPTIONS);
  const runner = new CheckRunner(definition, new RunSlots(), (_definition, outcome) => reported.push(outcome));
  return { runner, contexts, reported };
}

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('a hung check with failAfter > 1', () => {
  it('fails about failAfter × timeout after the hang began, whatever the probe rate, without a second call', async () => {
    const { runner, contexts, reported } = hungRunner({ timeout: 100, failAfter: 3 });
    expect(await runner.outcomeFor('ready')).toMatchObject({ state: 'healthy' });
    // the dependency hangs from the second call on; probes come every 150 ms
    void runner.outcomeFor('ready');
    const seen: string[] = [];
    for (let elapsed = 0; elapsed < 3000; elapsed += 150) {
      await jest.advanceTimersByTimeAsync(150);
      const outcome = await runner.outcomeFor('ready');
      seen.push(outcome.state === 'failed' ? 'failed' : `${outcome.state} ${outcome.failing}`);
    }
    expect(contexts).toHaveLength(2);
    // 1/3 at 100 ms, 2/3 at 200 ms, failed at 300 ms: the probe at 150 ms sees 1/3, the one at 300 ms sees failed
    expect(seen.slice(0, 2)).toEqual(['healthy 1/3', 'failed']);
    expect(seen.every((state, i) => i < 1 || state === 'failed')).toBe(true);
    expect(reported.filter((outcome) => outcome.state === 'failed')).toHaveLength(1);
  });

  it('fails on time with no probe at all while it hangs', async () => {
    const { runner, reported } = hungRunner({ timeout: 100, failAfter: 3 });
    await runner.outcomeFor('ready');
    void runner.outcomeFor('ready');
    await jest.advanceTimersByTimeAsync(301);
    expect(reported.map((outcome) => outcome.failing ?? outcome.state)).toEqual(['healthy', '1/3', '2/3', 'failed']);
    // once failed, further timeouts are not counted as news
    await jest.advanceTimersByTimeAsync(5000);
    expect(reported).toHaveLength(4);
  });

  it('does the same for a ttl check', async () => {
    const { runner, contexts } = hungRunner({ timeout: 100, failAfter: 3, ttl: 1000 });
    await runner.outcomeFor('ready');
    await jest.advanceTimersByTimeAsync(1001);
    void runner.outcomeFor('ready');
    await jest.advanceTimersByTimeAsync(350);
    expect(await runner.outcomeFor('ready')).toMatchObject({ state: 'failed', reason: 'timed out after 100 ms' });
    expect(contexts).toHaveLength(2);
  });

  it('leaves interval checks to their stale rule', async () => {
    const { runner, reported } = hungRunner({ timeout: 100, failAfter: 3, interval: 1000 });
    runner.start();
    await jest.advanceTimersByTimeAsync(1500);
    // the background run at 1000 ms hangs: one timeout is one failure, nothing more until it is stale
    expect(reported.map((outcome) => outcome.failing ?? outcome.state)).toEqual(['healthy', '1/3']);
    await jest.advanceTimersByTimeAsync(3200);
    expect(runner.outcomeFor('ready')).toMatchObject({ state: 'failed', reason: expect.stringMatching(/^stale/) });
    runner.stop();
  });

  it('stops counting once the hung call settles, and runs again', async () => {
    let release!: () => void;
    let calls = 0;
    const definition = defineCheck(
      'Spec.db',
      'db',
      () => (++calls === 2 ? new Promise<void>((resolve) => (release = resolve)) : undefined),
      { timeout: 100, failAfter: 5 },
      DEFAULT_CHECK_OPTIONS,
    );
    const runner = new CheckRunner(definition, new RunSlots(), () => undefined);
    await runner.outcomeFor('ready');
    void runner.outcomeFor('ready');
    await jest.advanceTimersByTimeAsync(250);
    expect(await runner.outcomeFor('ready')).toMatchObject({ failing: '2/5' });
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(await runner.outcomeFor('ready')).toMatchObject({ state: 'healthy' });
    expect(calls).toBe(3);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('at most one outstanding run per check name', () => {
  it('does not pile up calls when a hung check is unregistered and registered again', async () => {
    const checks = new CheckRegistry(new CheckObservers());
    const orchestrator = new CheckOrchestrator(checks);
    let outstanding = 0;
    const hangs = () => {
      outstanding += 1;
      return never();
    };
    for (let i = 0; i < 10; i++) {
      const unregister = orchestrator.add(defineCheck('Spec.db', 'db', hangs, { timeout: 50 }, DEFAULT_CHECK_OPTIONS));
      void checks.get('db')!.outcomeFor('ready');
      await jest.advanceTimersByTimeAsync(60);
      unregister();
    }
    expect(outstanding).toBe(1);
  });
});

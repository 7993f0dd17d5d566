import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { CheckRunner } from '../../src/checks/check-runner.js';
import type { CheckOutcome, HealthCheckContext, HealthCheckFunction, HealthCheckOptions, ProbeOrDeep } from '../../src/checks/check.types.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check-defaults.js';
import { defineCheck } from '../../src/checks/check-definition.js';
import { RunSlots } from '../../src/checks/run-slots.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

function deferred<T = unknown>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A runner around `run`, recording every context it was called with and every outcome it reported. */
function runnerFor(run: HealthCheckFunction, options: HealthCheckOptions = {}) {
  const contexts: HealthCheckContext[] = [];
  const reported: { outcome: CheckOutcome; probe: ProbeOrDeep }[] = [];
  const definition = defineCheck('Spec.check', 'check', (ctx) => (contexts.push(ctx), run(ctx)), options, DEFAULT_CHECK_OPTIONS);
  const runner = new CheckRunner(definition, new RunSlots(), (_def, outcome, probe) => reported.push({ outcome, probe }));
  return { runner, contexts, reported };
}

const hung: HealthCheckFunction = () => new Promise(() => {});

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('CheckRunner timeout', () => {
  it('reports a hung check as failed "timed out after N ms" once its timeout passes, and aborts ctx.signal', async () => {
    const { runner, contexts } = runnerFor(hung, { timeout: 250 });
    let settled: CheckOutcome | undefined;
    void Promise.resolve(runner.execute('ready')).then((outcome) => (settled = outcome));

    await jest.advanceTimersByTimeAsync(249);
    expect(settled).toBeUndefined();
    expect(contexts[0].signal.aborted).toBe(false);

    await jest.advanceTimersByTimeAsync(1);
    expect(settled).toMatchObject({ state: 'failed', reason: 'timed out after 250 ms', reasonSource: 'timeout' });
    expect(settled!.latencyMs).toBeGreaterThanOrEqual(250);
    expect(contexts[0].signal.aborted).toBe(true);
    expect((contexts[0].signal.reason as Error).message).toBe('timed out after 250 ms');
  });

  it('passes the probe it runs for in ctx.probe', async () => {
    const { runner, contexts } = runnerFor(() => undefined, { probes: ['live', 'ready'] });
    runner.execute('live');
    runner.execute('deep');
    expect(contexts.map((ctx) => ctx.probe)).toEqual(['live', 'deep']);
  });

  it('keeps the slot of a timed-out run until it settles: no second execution, callers get "timed out" at once', async () => {
    const pending = deferred<void>();
    let calls = 0;
    const { runner } = runnerFor(
      () => {
        calls += 1;
        return calls === 1 ? pending.promise : undefined;
      },
      { timeout: 100 },
    );
    const first = runner.execute('ready');
    await jest.advanceTimersByTimeAsync(100);
    expect(await first).toMatchObject({ state: 'failed', reason: 'timed out after 100 ms' });

    await jest.advanceTimersByTimeAsync(5000);
    for (let i = 0; i < 5; i++) {
      // no timer needs to fire: the answer is already there
      const again = await runner.outcomeFor('ready');
      expect(again).toMatchObject({ state: 'failed', reason: 'timed out after 100 ms' });
    }
    expect(calls).toBe(1);

    pending.resolve();
    await jest.advanceTimersByTimeAsync(0);
    expect(await runner.outcomeFor('ready')).toMatchObject({ state: 'healthy' });
    expect(calls).toBe(2);
  });

  it('does not report the late result of a timed-out run', async () => {
    const pending = deferred<{ healthy: boolean }>();
    const { runner, reported } = runnerFor(() => pending.promise, { timeout: 100 });
    void runner.execute('ready');
    await jest.advanceTimersByTimeAsync(100);
    pending.resolve({ healthy: true });
    await jest.advanceTimersByTimeAsync(0);
    expect(reported.map((r) => r.outcome.state)).toEqual(['failed']);
  });

  it('clears the timeout when the run settles in time', async () => {
    const { runner, contexts } = runnerFor(async () => ({ rows: 1 }), { timeout: 100 });
    expect(await runner.execute('ready')).toMatchObject({ state: 'healthy', details: { rows: 1 } });
    expect(jest.getTimerCount()).toBe(0);
    expect(contexts[0].signal.aborted).toBe(false);
  });

  it('aborts a run in flight on stop()', async () => {
    const { runner, contexts } = runnerFor(hung);
    void runner.execute('ready');
    runner.stop();
    expect(contexts[0].signal.aborted).toBe(true);
  });
});

describe('CheckRunner single-flight', () => {
  it('shares one execution between concurrent callers', async () => {
    const pending = deferred<{ pool: number }>();
    let calls = 0;
    const { runner } = runnerFor(() => (calls++, pending.promise));
    const callers = Array.from({ length: 50 }, () => runner.outcomeFor('ready'));
    pending.resolve({ pool: 3 });
    const outcomes = await Promise.all(callers);
    expect(calls).toBe(1);
    expect(new Set(outcomes).size).toBe(1);
    expect(outcomes[0]).toMatchObject({ state: 'healthy', details: { pool: 3 } });
  });

  it('lets a deep caller share a run already in flight', async () => {
    const pending = deferred<void>();
    let calls = 0;
    const { runner } = runnerFor(() => (calls++, pending.promise));
    const ready = runner.outcomeFor('ready');
    const deep = runner.outcomeFor('deep');
    pending.resolve();
    expect(await deep).toBe(await ready);
    expect(calls).toBe(1);
  });

  it('lets a public caller share a deep run in flight without seeing its deep-only details', async () => {
    const pending = deferred<{ connection_count: number }>();
    let calls = 0;
    const { runner } = runnerFor(() => (calls++, pending.promise), { critical: true });
    const deep = runner.outcomeFor('deep');
    const ready = runner.outcomeFor('ready');
    pending.resolve({ connection_count: 12 });
    expect(await deep).toMatchObject({ state: 'healthy', details: { connection_count: 12 } });
    expect(await ready).toMatchObject({ state: 'healthy' });
    expect((await ready).details).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('starts a new execution once the shared one has finished (no ttl)', async () => {
    let calls = 0;
    const { runner } = runnerFor(async () => void calls++);
    await runner.outcomeFor('ready');
    await runner.outcomeFor('ready');
    expect(calls).toBe(2);
  });
});

describe('CheckRunner ttl', () => {
  it('reuses a passing result for ttl ms, synchronously, then runs again', async () => {
    let calls = 0;
    const { runner } = runnerFor(async () => ({ calls: ++calls }), { ttl: 1000 });
    const first = await runner.outcomeFor('ready');
    await jest.advanceTimersByTimeAsync(999);
    const reused = runner.outcomeFor('ready');
    expect(reused).toBe(first);
    expect(calls).toBe(1);

    await jest.advanceTimersByTimeAsync(1);
    expect(await runner.outcomeFor('ready')).toMatchObject({ state: 'healthy', details: { calls: 2 } });
    expect(calls).toBe(2);
  });

  it('reuses a failing result for ttl ms too', async () => {
    let calls = 0;
    const { runner } = runnerFor(
      async () => {
        calls += 1;
        throw new Error(`down ${calls}`);
      },
      { ttl: 500 },
    );
    const first = await runner.outcomeFor('ready');
    expect(first).toMatchObject({ state: 'failed', reason: 'down 1', reasonSource: 'thrown' });
    await jest.advanceTimersByTimeAsync(499);
    expect(runner.outcomeFor('ready')).toBe(first);
    await jest.advanceTimersByTimeAsync(1);
    expect(await runner.outcomeFor('ready')).toMatchObject({ reason: 'down 2' });
  });

  it('reuses a timed-out result for ttl ms', async () => {
    let calls = 0;
    const { runner } = runnerFor(() => (calls++, hung({} as HealthCheckContext)), { ttl: 1000, timeout: 100 });
    const first = runner.outcomeFor('ready');
    await jest.advanceTimersByTimeAsync(100);
    const timedOut = await first;
    expect(runner.outcomeFor('ready')).toBe(timedOut);
    expect(calls).toBe(1);
  });

  it('lets a deep run bypass ttl without replacing what public probes reuse', async () => {
    let calls = 0;
    const { runner } = runnerFor(async ({ probe }) => ({ probe, calls: ++calls }), { ttl: 60_000 });
    const cached = await runner.outcomeFor('ready');
    const deep = await runner.outcomeFor('deep');
    expect(deep).toMatchObject({ details: { probe: 'deep', calls: 2 } });
    const deepAgain = await runner.outcomeFor('deep');
    expect(deepAgain).toMatchObject({ details: { calls: 3 } });
    expect(runner.outcomeFor('ready')).toBe(cached);
    expect(calls).toBe(3);
  });

  it('runs every time with ttl 0', async () => {
    let calls = 0;
    const { runner } = runnerFor(() => void calls++);
    runner.outcomeFor('ready');
    runner.outcomeFor('ready');
    expect(calls).toBe(2);
  });
});

describe('CheckRunner failAfter', () => {
  it('tolerates k of N consecutive failures, reporting the last good state marked failing "k/N"', async () => {
    const results: (() => unknown)[] = [
      () => ({ pool: 1 }),
      () => Promise.reject(new Error('blip 1')),
      () => Promise.reject(new Error('blip 2')),
      () => Promise.reject(new Error('down')),
      () => ({ pool: 2 }),
      () => Promise.reject(new Error('blip again')),
    ];
    let call = 0;
    const { runner, reported } = runnerFor(() => results[call++]() as Promise<void>, { failAfter: 3 });
    const outcomes: CheckOutcome[] = [];
    for (let i = 0; i < results.length; i++) outcomes.push(await runner.outcomeFor('ready'));

    expect(outcomes[0]).toMatchObject({ state: 'healthy', details: { pool: 1 } });
    expect(outcomes[0].failing).toBeUndefined();
    expect(outcomes[1]).toMatchObject({ state: 'healthy', details: { pool: 1 }, failing: '1/3' });
    expect(outcomes[2]).toMatchObject({ state: 'healthy', failing: '2/3' });
    expect(outcomes[3]).toMatchObject({ state: 'failed', reason: 'down' });
    expect(outcomes[3].failing).toBeUndefined();
    expect(outcomes[4]).toMatchObject({ state: 'healthy', details: { pool: 2 } });
    expect(outcomes[5]).toMatchObject({ state: 'healthy', failing: '1/3' });
    expect(reported.map((r) => r.outcome)).toEqual(outcomes);
  });

  it('reports failed at once with failAfter 1 (the default)', async () => {
    let call = 0;
    const { runner } = runnerFor(() => (call++ === 0 ? undefined : false));
    expect(await runner.outcomeFor('ready')).toMatchObject({ state: 'healthy' });
    expect(await runner.outcomeFor('ready')).toMatchObject({ state: 'failed', reason: 'check returned false' });
  });

  it('reports failed when there is no good state to fall back on yet', async () => {
    const { runner } = runnerFor(() => false, { failAfter: 3 });
    expect(await runner.outcomeFor('ready')).toMatchObject({ state: 'failed' });
  });
});

describe('CheckRunner interval', () => {
  it('runs at start and every interval, and probes read the latest result without running it', async () => {
    let calls = 0;
    const { runner } = runnerFor(async () => ({ calls: ++calls }), { interval: 1000 });
    expect(runner.outcomeFor('ready')).toMatchObject({ state: 'failed', reason: 'no result yet' });
    runner.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(runner.outcomeFor('ready')).toMatchObject({ state: 'healthy', details: { calls: 1 } });
    await jest.advanceTimersByTimeAsync(1000);
    expect(runner.outcomeFor('ready')).toMatchObject({ details: { calls: 2 } });
    expect(calls).toBe(2);
    runner.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(2);
  });
});

describe('CheckRunner results', () => {
  it('answers a synchronous check synchronously', () => {
    const { runner } = runnerFor(() => ({ size: 2 }));
    expect(runner.outcomeFor('ready')).toMatchObject({ state: 'healthy', details: { size: 2 } });
  });

  it('turns a synchronous throw into a failed outcome', () => {
    const { runner } = runnerFor(() => {
      throw new TypeError('sync');
    });
    expect(runner.outcomeFor('ready')).toMatchObject({ state: 'failed', reason: 'sync', reasonSource: 'thrown' });
  });

  it('settles when a check rejects with an object whose message getter throws', async () => {
    const { runner } = runnerFor(() =>
      Promise.reject({
        get message(): string {
          throw new Error('getter');
        },
      }),
    );
    const outcome = await runner.outcomeFor('ready');
    expect(outcome.state).toBe('failed');
    expect(typeof outcome.reason).toBe('string');
  });

  it('settles when a thenable throws from then()', async () => {
    let calls = 0;
    const thenable = {
      then() {
        calls += 1;
        throw new Error('bad thenable');
      },
    };
    const { runner } = runnerFor(() => thenable as unknown as Promise<void>, { timeout: 100 });
    expect(await runner.outcomeFor('ready')).toMatchObject({ state: 'failed', reason: 'bad thenable' });
    await runner.outcomeFor('ready');
    expect(calls).toBe(2);
  });

  it('measures latency_ms with 0.1 ms resolution', async () => {
    const { runner } = runnerFor(() => new Promise<void>((resolve) => setTimeout(resolve, 42)));
    const outcome = runner.outcomeFor('ready');
    await jest.advanceTimersByTimeAsync(42);
    const { latencyMs } = await outcome;
    expect(latencyMs).toBeGreaterThanOrEqual(42);
    expect(Math.round(latencyMs * 10) / 10).toBe(latencyMs);
  });

  it('reports every finished run to its listener with the probe that ran it', async () => {
    const { runner, reported } = runnerFor(async () => undefined);
    await runner.outcomeFor('ready');
    await runner.outcomeFor('deep');
    expect(reported.map((r) => [r.outcome.state, r.probe])).toEqual([
      ['healthy', 'ready'],
      ['healthy', 'deep'],
    ]);
  });
});

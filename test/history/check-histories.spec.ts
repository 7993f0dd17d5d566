import { describe, expect, it } from '@jest/globals';
import { historyHarness } from './history-harness.js';

/** Fails every 7th run with a reason naming the run, so states and transitions both move. */
const flapping = () => {
  let calls = 0;
  return () => {
    calls += 1;
    return calls % 7 === 0 ? { healthy: false, error: `refused on run ${calls}` } : { pool: calls };
  };
};
const expectedState = (call: number) => (call % 7 === 0 ? 'failed' : 'healthy');

describe('per-check history', () => {
  it('keeps only the last 60 runs of a check run 10,000 times, oldest first, each with its time, state and latency', () => {
    const { histories, add, run, close } = historyHarness();
    add('database', flapping());
    const before = Date.now();
    for (let i = 0; i < 10_000; i++) run('database');

    const { runs } = histories.of('database')!;
    expect(runs).toHaveLength(60);
    expect(runs.map((entry) => entry.state)).toEqual(Array.from({ length: 60 }, (_, i) => expectedState(9941 + i)));
    for (let i = 0; i < runs.length; i++) {
      expect(runs[i].at).toBeGreaterThanOrEqual(i === 0 ? before : runs[i - 1].at);
      expect(runs[i].latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(histories.retained('database')).toEqual({ runs: 60, transitions: 20 });
    close();
  });

  it('keeps the last 20 transitions with their full reasons, oldest first, and no readiness transition', () => {
    const { histories, events, add, run, close } = historyHarness();
    add('database', flapping());
    for (let i = 0; i < 10_000; i++) run('database');
    events.emit({ check: '*', from: 'ready', to: 'shutting_down', at: new Date().toISOString() });

    const { transitions } = histories.of('database')!;
    expect(transitions).toHaveLength(20);
    // run 9996 is the last failed one (7 × 1428), run 9997 healthy again
    const last = transitions[transitions.length - 1];
    expect(last).toMatchObject({ check: 'database', from: 'failed', to: 'healthy' });
    expect(transitions[transitions.length - 2]).toMatchObject({ from: 'healthy', to: 'failed', reason: 'refused on run 9996' });
    expect(transitions.every((transition) => transition.check === 'database')).toBe(true);
    close();
  });

  it('keeps a long reason in full, as the deep view shows it', () => {
    const { histories, add, run, close } = historyHarness();
    const reason = `connect ECONNREFUSED ${'x'.repeat(900)}`;
    add('cache', () => ({ healthy: false, error: reason }));
    run('cache');
    expect(histories.of('cache')!.transitions).toEqual([expect.objectContaining({ from: 'unknown', to: 'failed', reason })]);
    close();
  });

  it('sizes the rings from the history option; 0 keeps none of that kind', () => {
    const small = historyHarness({ history: { runs: 5, transitions: 2 } });
    small.add('database', flapping());
    for (let i = 0; i < 100; i++) small.run('database');
    expect(small.histories.retained('database')).toEqual({ runs: 5, transitions: 2 });
    expect(small.histories.of('database')!.runs.map((entry) => entry.state)).toEqual([96, 97, 98, 99, 100].map(expectedState));
    small.close();

    const transitionsOnly = historyHarness({ history: { runs: 0 } });
    transitionsOnly.add('database', flapping());
    for (let i = 0; i < 100; i++) transitionsOnly.run('database');
    expect(transitionsOnly.histories.retained('database')).toEqual({ runs: 0, transitions: 20 });
    expect(transitionsOnly.histories.of('database')!.runs).toEqual([]);
    transitionsOnly.close();
  });

  it('keeps nothing with history: false', () => {
    const { histories, add, run, close } = historyHarness({ history: false });
    add('database', flapping());
    for (let i = 0; i < 100; i++) run('database');
    expect(histories.enabled).toBe(false);
    expect(histories.size).toBe(0);
    expect(histories.of('database')).toBeUndefined();
    close();
  });

  it('drops the history of an unregistered check; one registered again under its name starts afresh', () => {
    const { histories, registry, add, run, close } = historyHarness();
    const first = add('database', () => ({ healthy: false, error: 'down' }));
    run('database');
    registry.remove(first);
    expect(histories.size).toBe(0);
    expect(histories.of('database')).toBeUndefined();

    add('database', () => undefined);
    run('database');
    const history = histories.of('database')!;
    expect(history.runs.map((entry) => entry.state)).toEqual(['healthy']);
    expect(history.transitions).toEqual([]);
    close();
  });

  it('records nothing for a run that finishes after its check was removed', async () => {
    const { histories, registry, add, run, close } = historyHarness();
    let finish!: () => void;
    const definition = add('slow', () => new Promise<void>((resolve) => (finish = resolve)), { timeout: 10_000 });
    const pending = run('slow');
    registry.remove(definition);
    finish();
    await pending;
    expect(histories.size).toBe(0);
    close();
  });

  it('holds 1,000 registered checks and nothing once they are all removed', () => {
    const { histories, registry, add, run, close } = historyHarness();
    const definitions = Array.from({ length: 1000 }, (_, i) => add(`check_${i}`, flapping()));
    for (let round = 0; round < 80; round++) for (const definition of definitions) run(definition.name);
    expect(histories.size).toBe(1000);
    expect(histories.retained('check_999')).toEqual({ runs: 60, transitions: 20 });
    for (const definition of definitions) registry.remove(definition);
    expect(histories.size).toBe(0);
    close();
  });
});

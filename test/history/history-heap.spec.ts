import { describe, expect, it } from '@jest/globals';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { HealthModuleOptions } from '../../src/health.options.js';
import { historyHarness } from './history-harness.js';

// a context created after the flag is set carries V8's gc(): heap figures without garbage in them
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * The V8 heap plus ArrayBuffer backing stores, which live outside it (the typed arrays of the runs). V8 frees the
 * backing stores of collected buffers on a sweeper task after the collection: each gc() is followed by a turn of
 * the loop, or the runs' buffers (300 × 1 KB) are still counted after every check was unregistered.
 */
async function heapUsed(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await nextTurn();
  }
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

const CHECKS = 1000;
// a check that flips on every run fills both rings in 60 runs
const ROUNDS = 60;
const CYCLES = 2;
const REASON = 'connect ECONNREFUSED 10.0.0.9:5432 (pool of 10, waited 12 ms)';

/**
 * CYCLES times: registers CHECKS flapping checks, runs each ROUNDS times (every ring full), unregisters them all.
 * Heap figures relative to before the first cycle: while they are registered, and after each cycle.
 */
async function churn(history: HealthModuleOptions['history'], cycles = CYCLES, checks = CHECKS) {
  const harness = historyHarness({ history });
  const before = await heapUsed();
  const held: number[] = [];
  const left: number[] = [];
  for (let cycle = 0; cycle < cycles; cycle++) {
    const definitions = Array.from({ length: checks }, (_, i) => {
      let calls = 0;
      return harness.add(`check_${i}`, () => (++calls % 2 === 0 ? { healthy: false, error: `${REASON} #${calls}` } : undefined));
    });
    for (let round = 0; round < ROUNDS; round++) for (const definition of definitions) harness.run(definition.name);
    expect(harness.histories.size).toBe(history === false ? 0 : checks);
    held.push((await heapUsed()) - before);
    for (const definition of definitions.splice(0)) harness.registry.remove(definition);
    expect(harness.histories.size).toBe(0);
    left.push((await heapUsed()) - before);
  }
  harness.close();
  return { held: Math.min(...held), left };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('the memory histories take', () => {
  it('is a few kilobytes per registered check, and nothing accumulates over register/unregister cycles', async () => {
    const started = performance.now();
    await churn(undefined, 1, 200); // warms the code paths, so the figures below hold data, not compiled code
    const without = await churn(false);
    const withHistory = await churn(undefined);
    const perCheck = (withHistory.held - without.held) / CHECKS;
    console.log(
      [
        `history heap: ${CYCLES} cycles of ${CHECKS} checks registered, run ${ROUNDS} times each (every ring full: 60 runs, 20 transitions with ~${REASON.length + 4}-char reasons), unregistered:`,
        `  held while registered: ${kb(withHistory.held)} with history, ${kb(without.held)} with history: false -> ${kb(perCheck)} per check`,
        `  (measured in ${Math.round(performance.now() - started)} ms)`,
        `  left after each cycle: ${withHistory.left.map(kb).join(', ')} (history: false ${without.left.map(kb).join(', ')})`,
      ].join('\n'),
    );
    // by hand: 60 runs × 17 bytes in one buffer, 20 transition objects with their ISO time and reason: ~4 KB
    expect(perCheck).toBeGreaterThan(1024);
    expect(perCheck).toBeLessThan(8 * 1024);
    // what stays after unregistering is not histories: well under a quarter of what they held, and not growing per cycle
    const histories = withHistory.held - without.held;
    expect(Math.max(...withHistory.left) - Math.max(...without.left)).toBeLessThan(histories / 4);
    expect(withHistory.left[CYCLES - 1] - withHistory.left[0]).toBeLessThan(histories / 4);
  }, 90_000); // ~10 s alone, and 20 s or more on two Jest workers of a loaded 2-core machine
});

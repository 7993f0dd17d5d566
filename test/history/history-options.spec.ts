import { describe, expect, it } from '@jest/globals';
import { resolveModuleOptions } from '../../src/health.options.js';

const history = (value: unknown) => resolveModuleOptions({ history: value }, {}).history;

describe('the history option', () => {
  it('keeps 60 runs and 20 transitions per check by default, and none with false', () => {
    expect(history(undefined)).toEqual({ runs: 60, transitions: 20 });
    expect(history(true)).toEqual({ runs: 60, transitions: 20 });
    expect(history({})).toEqual({ runs: 60, transitions: 20 });
    expect(history(false)).toBe(false);
  });

  it('takes either bound on its own, 0 included, and an undefined one as its default', () => {
    expect(history({ runs: 120 })).toEqual({ runs: 120, transitions: 20 });
    expect(history({ transitions: 0 })).toEqual({ runs: 60, transitions: 0 });
    expect(history({ runs: undefined, transitions: 5 })).toEqual({ runs: 60, transitions: 5 });
    expect(history({ runs: 1000, transitions: 200 })).toEqual({ runs: 1000, transitions: 200 });
  });

  it.each([
    [{ run: 10 }, 'HealthModule: unknown option "history.run"; the keys of history are runs, transitions'],
    ['yes', 'HealthModule: history must be false, true or { runs, transitions }, got "yes"'],
    [60, 'HealthModule: history must be false, true or { runs, transitions }, got 60'],
    [[], 'HealthModule: history must be false, true or { runs, transitions }, got []'],
    [{ runs: -1 }, 'HealthModule: history.runs must be a whole number from 0 to 1000, got -1'],
    [{ runs: 1.5 }, 'HealthModule: history.runs must be a whole number from 0 to 1000, got 1.5'],
    [{ runs: '60' }, 'HealthModule: history.runs must be a whole number from 0 to 1000, got "60"'],
    [{ runs: 1e9 }, 'HealthModule: history.runs must be a whole number from 0 to 1000, got 1000000000'],
    [{ transitions: null }, 'HealthModule: history.transitions must be a whole number from 0 to 200, got null'],
    [{ transitions: 201 }, 'HealthModule: history.transitions must be a whole number from 0 to 200, got 201'],
  ])('refuses %p with a sentence naming the option', (value, message) => {
    expect(() => history(value)).toThrow(message);
  });
});

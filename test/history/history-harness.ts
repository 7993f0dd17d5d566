import { CheckObservers } from '../../src/checks/check-observers.js';
import { CheckRegistry } from '../../src/checks/check-registry.js';
import { CheckStates } from '../../src/checks/check-states.js';
import type { CheckOutcome, HealthCheckFunction, HealthCheckOptions } from '../../src/checks/check.types.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check-defaults.js';
import { defineCheck, type CheckDefinition } from '../../src/checks/check-definition.js';
import { HealthEvents } from '../../src/health-events.js';
import { resolveModuleOptions, type HealthModuleOptions } from '../../src/health.options.js';
import { CheckHistories } from '../../src/history/check-histories.js';

/** The module's real checks layer (registry, runners, state tracking, transition stream) with histories on top, without Nest. */
export function historyHarness(options: HealthModuleOptions = {}) {
  const resolved = resolveModuleOptions({ logger: false, ...options }, {});
  const observers = new CheckObservers();
  const events = new HealthEvents(resolved);
  const registry = new CheckRegistry(observers);
  new CheckStates(observers, events);
  const histories = new CheckHistories(observers, registry, events, resolved);
  const add = (name: string, run: HealthCheckFunction, checkOptions: HealthCheckOptions = {}): CheckDefinition => {
    const definition = defineCheck(`Harness.${name}`, name, run, { ...checkOptions, name }, DEFAULT_CHECK_OPTIONS);
    registry.add(definition);
    return definition;
  };
  /** one real run of the check through its runner, as a ready probe would start it */
  const run = (name: string): CheckOutcome | Promise<CheckOutcome> => registry.get(name)!.execute('ready');
  return { histories, registry, events, add, run, close: () => histories.onModuleDestroy() };
}

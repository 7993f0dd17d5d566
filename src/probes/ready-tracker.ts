import type { HealthRegistry } from '../checks/health-registry.js';
import type { CheckDefinition, CheckState } from '../checks/check.types.js';
import type { CheckRunner } from '../checks/check-runner.js';
import type { Availability } from './availability.js';

/**
 * Whether the ready probe would answer 200 — readiness level `ready` and no critical ready check failed in the
 * run a ready probe would reuse — kept up to date from runs and level changes, so reading it never runs a check.
 */
export class ReadyTracker {
  /** per definition, not name: a re-registered check starts afresh, and a removed one is collected */
  private readonly failing = new WeakMap<CheckDefinition, boolean>();
  private counted?: readonly CheckRunner[];

  constructor(
    private readonly registry: HealthRegistry,
    private readonly availability: Availability,
    private readonly publish: (value: 0 | 1) => void,
  ) {}

  /** A finished non-deep run (deep runs never feed what probes reuse); recounts only when something changed. */
  outcome(definition: CheckDefinition, state: CheckState): void {
    const fails = state === 'failed';
    const changed = this.failing.get(definition) !== fails;
    this.failing.set(definition, fails);
    // the ready list is replaced whenever a check is added or removed
    if (changed || this.registry.runnersFor('ready') !== this.counted) this.refresh();
  }

  /** Recounts; called on readiness-level changes and whenever a check's state or the set of checks changed. */
  refresh(): void {
    const runners = this.registry.runnersFor('ready');
    this.counted = runners;
    const ready = this.availability.readiness === 'ready' && runners.every((runner) => !this.holdsBack(runner.definition));
    this.publish(ready ? 1 : 0);
  }

  private holdsBack(definition: CheckDefinition): boolean {
    if (!definition.critical) return false;
    // an interval check without a result answers "no result yet"; any other check would be run by the probe itself
    return this.failing.get(definition) ?? definition.interval !== undefined;
  }
}

import type { CheckObservers } from '../checks/check-observers.js';
import type { CheckRegistry } from '../checks/check-registry.js';
import type { CheckDefinition } from '../checks/check-definition.js';
import type { CheckRunner } from '../checks/check-runner.js';
import type { HealthEvents } from '../health-events.js';
import type { Availability } from '../lifecycle/availability.js';

/**
 * Whether the ready probe would answer 200 — readiness level `ready` and no critical ready check failed in the
 * run a ready probe would reuse — kept up to date from runs, level changes and the set of checks, so an exporter
 * reads it without running a check (a scrape must never become a probe). Created by an exporter that is switched on.
 */
export class ReadyState {
  /** per definition, not name: a re-registered check starts afresh, and a removed one is collected */
  private readonly failing = new WeakMap<CheckDefinition, boolean>();
  private counted?: readonly CheckRunner[];
  private value?: 0 | 1;
  private readonly listeners: ((value: 0 | 1) => void)[] = [];

  constructor(
    private readonly registry: CheckRegistry,
    private readonly availability: Availability,
    observers: CheckObservers,
    events: HealthEvents,
  ) {
    observers.add({
      outcome: (definition, outcome, probe) => {
        // deep runs never feed what probes reuse
        if (probe !== 'deep') this.outcome(definition, outcome.state === 'failed');
      },
      added: () => this.refresh(),
      removed: () => this.refresh(),
    });
    events.changes$.subscribe((change) => {
      if (change.check === '*') this.refresh();
    });
    this.refresh();
  }

  get ready(): 0 | 1 {
    return this.value ?? 0;
  }

  /** Called with the value now and on every change. */
  watch(listener: (value: 0 | 1) => void): void {
    this.listeners.push(listener);
    listener(this.ready);
  }

  private outcome(definition: CheckDefinition, fails: boolean): void {
    const changed = this.failing.get(definition) !== fails;
    this.failing.set(definition, fails);
    // the ready list is replaced whenever a check is added or removed
    if (changed || this.registry.runnersFor('ready') !== this.counted) this.refresh();
  }

  private refresh(): void {
    const runners = this.registry.runnersFor('ready');
    this.counted = runners;
    const next = this.availability.readiness === 'ready' && runners.every((runner) => !this.holdsBack(runner.definition)) ? 1 : 0;
    if (next === this.value) return;
    this.value = next;
    for (const listener of this.listeners) listener(next);
  }

  private holdsBack(definition: CheckDefinition): boolean {
    if (!definition.critical) return false;
    // an interval check without a result answers "no result yet"; any other check would be run by the probe itself
    return this.failing.get(definition) ?? definition.interval !== undefined;
  }
}

import { Injectable } from '@nestjs/common';
import { checkMessages } from './check.messages.js';
import { CheckObservers } from './check-observers.js';
import { CheckRunner, type OutcomeListener } from './check-runner.js';
import { RunSlots } from './run-slots.js';
import type { CheckDefinition } from './check-definition.js';
import type { ProbeOrDeep } from './check.types.js';

/** Every check of the app, decorated or registered by hand, with a runner each. Internal: users hold HealthRegistry. */
@Injectable()
export class CheckRegistry {
  private readonly runners = new Map<string, CheckRunner>();
  private readonly byProbe = new Map<ProbeOrDeep, readonly CheckRunner[]>();
  private readonly slots = new RunSlots();
  private readonly notify: OutcomeListener = (definition, outcome, probe) => this.observers.outcome(definition, outcome, probe);

  constructor(private readonly observers: CheckObservers) {}

  /** Adds a validated check; a second check of the same name is refused, naming both places. */
  add(definition: CheckDefinition): CheckRunner {
    const existing = this.runners.get(definition.name);
    if (existing) throw new Error(checkMessages.duplicateName(definition.name, existing.definition.place, definition.place));
    const runner = new CheckRunner(definition, this.slots, this.notify);
    this.runners.set(definition.name, runner);
    this.byProbe.clear();
    this.observers.added(definition);
    return runner;
  }

  /** Removes the check if `definition` is still the registered one; its runner is stopped. */
  remove(definition: CheckDefinition): void {
    const runner = this.runners.get(definition.name);
    if (runner?.definition !== definition) return;
    runner.stop();
    this.runners.delete(definition.name);
    this.byProbe.clear();
    this.observers.removed(definition);
  }

  get(name: string): CheckRunner | undefined {
    return this.runners.get(name);
  }

  names(): string[] {
    return [...this.runners.keys()];
  }

  all(): IterableIterator<CheckRunner> {
    return this.runners.values();
  }

  /** Runners serving a probe, in registration order; `deep` gets every check. Cached until the set changes. */
  runnersFor(probe: ProbeOrDeep): readonly CheckRunner[] {
    let list = this.byProbe.get(probe);
    if (list === undefined) {
      list = [...this.runners.values()].filter((runner) => probe === 'deep' || runner.definition.probes.includes(probe));
      this.byProbe.set(probe, list);
    }
    return list;
  }
}

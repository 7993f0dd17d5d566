import { Inject, Injectable, Logger } from '@nestjs/common';
import { HEALTH_LOGGER_CONTEXT } from '../health.constants.js';
import { defineCheck, type ResolvedHealthOptions } from '../health.options.js';
import { messages } from '../health.messages.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { CheckRunner } from './check-runner.js';
import { CheckTransitions } from './check-transitions.js';
import { describeThrown } from './safe-json.js';
import type { CheckDefinition, CheckOutcome, HealthCheckFunction, HealthCheckOptions, ProbeOrDeep } from './check.types.js';

export type CheckOutcomeObserver = (definition: CheckDefinition, outcome: CheckOutcome, probe: ProbeOrDeep) => void;

/**
 * Every check of the app, decorated or registered by hand. `register()` is the public handle for checks
 * that cannot be decorated (a pool created in a factory, a plugin); it returns the function that removes it.
 */
@Injectable()
export class HealthRegistry {
  private readonly runners = new Map<string, CheckRunner>();
  private readonly byProbe = new Map<ProbeOrDeep, CheckRunner[]>();
  private readonly observers: CheckOutcomeObserver[] = [];
  private started = false;
  private readonly logger = new Logger(HEALTH_LOGGER_CONTEXT);

  constructor(
    @Inject(RESOLVED_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
    private readonly transitions: CheckTransitions,
  ) {}

  register(name: string, check: HealthCheckFunction, options: Omit<HealthCheckOptions, 'name'> = {}): () => void {
    const definition = defineCheck(`HealthRegistry.register("${name}")`, name, check, { ...options, name }, this.options.defaults);
    this.add(definition);
    return () => this.remove(definition);
  }

  /** Adds a validated check; a second check of the same name is refused, naming both places. */
  add(definition: CheckDefinition): void {
    const existing = this.runners.get(definition.name);
    if (existing) throw new Error(messages.duplicateName(definition.name, existing.definition.place, definition.place));
    const runner = new CheckRunner(definition, (def, outcome, probe) => this.notify(def, outcome, probe));
    this.runners.set(definition.name, runner);
    this.byProbe.clear();
    if (this.started) runner.start();
  }

  has(name: string): boolean {
    return this.runners.has(name);
  }

  names(): string[] {
    return [...this.runners.keys()];
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

  /** Called for every finished run, after transitions are tracked (metrics hook in here). */
  onOutcome(observer: CheckOutcomeObserver): void {
    this.observers.push(observer);
  }

  /** Starts background (interval) checks; checks added later start at once. */
  startAll(): void {
    this.started = true;
    for (const runner of this.runners.values()) runner.start();
  }

  stopAll(): void {
    this.started = false;
    for (const runner of this.runners.values()) runner.stop();
  }

  private remove(definition: CheckDefinition): void {
    const runner = this.runners.get(definition.name);
    if (runner?.definition !== definition) return;
    runner.stop();
    this.runners.delete(definition.name);
    this.byProbe.clear();
    this.transitions.forget(definition.name);
  }

  /** Listeners are side effects: one that throws must never keep a probe from its answer. */
  private notify(definition: CheckDefinition, outcome: CheckOutcome, probe: ProbeOrDeep): void {
    for (const listener of [this.transitions.observe, ...this.observers]) {
      try {
        listener.call(this.transitions, definition, outcome, probe);
      } catch (error) {
        this.logger.error(messages.observerFailed(definition.name, describeThrown(error)));
      }
    }
  }
}

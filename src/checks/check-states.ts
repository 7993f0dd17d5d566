import { Injectable } from '@nestjs/common';
import { HealthEvents } from '../health-events.js';
import { CheckObservers } from './check-observers.js';
import type { CheckDefinition } from './check-definition.js';
import type { CheckOutcome, CheckState } from './check.types.js';

/** Tracks each check's own state (healthy / degraded / failed) and emits a transition once per change, never per run. */
@Injectable()
export class CheckStates {
  private readonly states = new Map<string, CheckState>();

  constructor(
    observers: CheckObservers,
    private readonly events: HealthEvents,
  ) {
    // at construction, so no run can finish before states are tracked
    observers.add({
      outcome: (definition, outcome) => this.observe(definition, outcome),
      removed: (definition) => this.states.delete(definition.name),
    });
  }

  private observe(definition: CheckDefinition, outcome: CheckOutcome): void {
    const from = this.states.get(definition.name);
    const to = outcome.state;
    if (from === to) return;
    this.states.set(definition.name, to);
    // each check starts unknown; a first healthy result is not news
    if (from === undefined && to === 'healthy') return;
    this.events.emit({ check: definition.name, from: from ?? 'unknown', to, reason: outcome.reason, at: new Date().toISOString() });
  }
}

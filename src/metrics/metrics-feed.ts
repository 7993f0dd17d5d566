import { Injectable } from '@nestjs/common';
import { CheckObservers } from '../checks/check-observers.js';
import { CheckRegistry } from '../checks/check-registry.js';
import type { CheckState } from '../checks/check.types.js';
import { HealthEvents } from '../health-events.js';
import { Availability } from '../lifecycle/availability.js';
import { ReadyState } from './ready-state.js';

export const CHECK_STATES: readonly CheckState[] = ['healthy', 'degraded', 'failed'];
export const STATE_VALUE: Readonly<Record<CheckState, number>> = { healthy: 1, degraded: 0.5, failed: 0 };

/** What an exporter does with what the feed learns about checks, by check name. */
export interface MetricsSink {
  /** a finished run: the check's own state as 1 / 0.5 / 0, and how long it took */
  ran(check: string, value: number, seconds: number): void;
  /** a transition to `to` (by 1), or its series started at 0 when the check joins */
  transition(check: string, to: CheckState, by: 0 | 1): void;
  /** the check was unregistered: stop exporting it */
  forget(check: string): void;
  /** whether the ready probe would answer 200, now and on every change */
  ready(value: 0 | 1): void;
}

/**
 * Feeds every switched-on exporter from the same sources: the check observers (runs, checks joining and leaving),
 * the check transitions of `changes$`, and one ReadyState. Nothing here runs a check.
 */
@Injectable()
export class MetricsFeed {
  private readyState?: ReadyState;

  constructor(
    private readonly observers: CheckObservers,
    private readonly registry: CheckRegistry,
    private readonly availability: Availability,
    private readonly events: HealthEvents,
  ) {}

  connect(sink: MetricsSink): void {
    // series at 0 from registration, so a cumulative backend's increase() sees the first transition too
    const start = (check: string) => CHECK_STATES.forEach((to) => sink.transition(check, to, 0));
    this.observers.add({
      outcome: (definition, outcome) => sink.ran(definition.name, STATE_VALUE[outcome.state], outcome.latencyMs / 1000),
      added: (definition) => start(definition.name),
      removed: (definition) => sink.forget(definition.name),
    });
    this.registry.names().forEach(start);
    this.events.changes$.subscribe((change) => {
      if (change.check !== '*') sink.transition(change.check, change.to as CheckState, 1);
    });
    this.readyState ??= new ReadyState(this.registry, this.availability, this.observers, this.events);
    this.readyState.watch((value) => sink.ready(value));
  }
}

import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { CheckObservers } from '../checks/check-observers.js';
import { CheckRegistry } from '../checks/check-registry.js';
import { HealthEvents } from '../health-events.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { CheckHistoryRing, type CheckHistory } from './check-history.js';

/**
 * Every registered check's bounded history, for the deep route's `?history` and its HTML view. A ring exists
 * only while its check is registered: it is made when the check is added and dropped when it is removed, so the
 * memory is (registered checks) × (runs + transitions), whatever the uptime or churn. `history: false` keeps none.
 */
@Injectable()
export class CheckHistories implements OnModuleDestroy {
  private readonly rings = new Map<string, CheckHistoryRing>();
  private readonly transitions?: Subscription;

  constructor(
    observers: CheckObservers,
    registry: CheckRegistry,
    events: HealthEvents,
    @Inject(RESOLVED_HEALTH_OPTIONS) { history }: ResolvedHealthOptions,
  ) {
    if (history === false) return;
    const track = (name: string) => this.rings.set(name, new CheckHistoryRing(history.runs, history.transitions));
    // at construction, like the state tracker, so no check and no run is missed
    for (const name of registry.names()) track(name);
    observers.add({
      added: ({ name }) => track(name),
      removed: ({ name }) => this.rings.delete(name),
      outcome: ({ name }, outcome) => this.rings.get(name)?.recordRun(outcome),
    });
    this.transitions = events.changes$.subscribe((transition) => {
      // `*` is readiness itself, not a check
      if (transition.check !== '*') this.rings.get(transition.check)?.recordTransition(transition);
    });
  }

  /** Whether histories are kept at all (`history` is not `false`). */
  get enabled(): boolean {
    return this.transitions !== undefined;
  }

  /** How many checks have a history now: the registered ones. */
  get size(): number {
    return this.rings.size;
  }

  /** The check's history, oldest first; undefined when it is not registered or histories are off. */
  of(name: string): CheckHistory | undefined {
    return this.rings.get(name)?.snapshot();
  }

  /** How many runs and transitions the check's ring holds now. */
  retained(name: string): { readonly runs: number; readonly transitions: number } | undefined {
    return this.rings.get(name)?.retained;
  }

  onModuleDestroy(): void {
    this.transitions?.unsubscribe();
  }
}

import { Injectable } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { CheckObservers } from '../checks/check-observers.js';
import { CheckRegistry } from '../checks/check-registry.js';
import { HealthEvents } from '../health-events.js';
import { StartupLatch } from '../lifecycle/startup-latch.js';
import { ProbeEvaluator } from '../probes/probe-evaluator.js';
import type { PublishedReports } from './thread/thread-host.js';
import type { Publication } from './thread/worker-protocol.js';

/**
 * The report each public probe would give from the latest results, running nothing, kept current for the worker
 * thread to answer from while the main thread cannot: republished on every finished run, every transition and
 * readiness change, every step of start-up, and every check added or removed (`ProbeEvaluator.current`).
 */
@Injectable()
export class CurrentReports implements PublishedReports {
  private listener?: (publication: Publication) => void;
  private subscription?: Subscription;
  private scheduled?: NodeJS.Immediate;
  private observing = false;

  constructor(
    private readonly evaluator: ProbeEvaluator,
    private readonly registry: CheckRegistry,
    private readonly observers: CheckObservers,
    private readonly latch: StartupLatch,
    private readonly events: HealthEvents,
  ) {}

  /** Calls `listener` with a fresh publication after each change (coalesced to one per turn of the loop). */
  watch(listener: (publication: Publication) => void): void {
    this.listener = listener;
    if (!this.observing) {
      this.observing = true;
      this.observers.add({
        outcome: () => this.changed(),
        added: () => this.changed(),
        removed: () => this.changed(),
      });
      // bootstrap done, a startup check passed, a hold released: not every one changes the readiness level
      this.latch.onChange(() => this.changed());
    }
    this.subscription ??= this.events.changes$.subscribe({ next: () => this.changed() });
  }

  unwatch(): void {
    this.listener = undefined;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }

  publication(): Publication {
    let deepTimeoutMs = 0;
    for (const runner of this.registry.runnersFor('deep')) deepTimeoutMs = Math.max(deepTimeoutMs, runner.definition.timeout);
    const { evaluator } = this;
    return { reports: { live: evaluator.current('live'), ready: evaluator.current('ready'), startup: evaluator.current('startup') }, deepTimeoutMs };
  }

  private changed(): void {
    if (this.listener === undefined || this.scheduled) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.listener?.(this.publication());
    }).unref();
  }
}
